-- teams_insert_meetings: store each team's public meetings (registered frame batch_meetings: team_id, meeting_type,
-- schedule).
INSERT INTO team_meetings (team_id, meeting_type, schedule)
SELECT team_id, meeting_type, schedule FROM batch_meetings;
