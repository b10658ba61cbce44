-- teams_insert_staff: store each team's staff by role (registered frame batch_staff: team_id, role, staff).
INSERT INTO team_staff (team_id, role, staff)
SELECT team_id, role, CAST(staff AS DOUBLE) FROM batch_staff;
