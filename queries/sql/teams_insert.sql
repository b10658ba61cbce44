-- teams_insert: store a teams file's accepted rows (registered frame batch).
-- $file_name: the file's base name; $run_id: the ingest run.
INSERT INTO teams (team_id, team_name, agency, team_type, contact_email, contact_phone, source_file, run_id, source_line)
SELECT team_id, team_name, agency, team_type, contact_email, contact_phone, $file_name, $run_id, source_line
FROM batch;
