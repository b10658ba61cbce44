-- contacts_insert: store a contacts file's accepted rows (registered frame batch).
-- $file_name: the file's base name; $run_id: the ingest run.
INSERT INTO contacts (area_code, area_level, agency, role, work_email, work_phone, source_file, run_id, source_line)
SELECT area_code, area_level, agency, role, work_email, work_phone, $file_name, $run_id, source_line
FROM batch;
