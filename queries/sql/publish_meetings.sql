-- publish_meetings: the public meetings each team holds (type and schedule as the team wrote it).
SELECT m.team_id, m.meeting_type, m.schedule
FROM team_meetings AS m
WHERE m.team_id IN (SELECT team_id FROM team_coverage)
ORDER BY m.team_id, m.meeting_type;
