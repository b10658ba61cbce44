-- standards_meetings: the public meetings held by the teams that cover each area of a level (a team covers an
-- area when it covers at least one of its LSOAs), with their type and schedule as given.
-- $level: the level of the areas.
SELECT DISTINCT l.area_code, m.team_id, m.meeting_type, m.schedule
FROM team_meetings AS m
JOIN team_coverage AS c USING (team_id)
JOIN area_lookup AS l ON l.lsoa_code = c.lsoa_code AND l.level = $level
ORDER BY l.area_code, m.team_id, m.meeting_type;
