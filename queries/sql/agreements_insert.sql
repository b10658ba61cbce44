-- agreements_insert: store a neighbourhood priorities file's accepted rows (registered frame batch).
-- $file_name: the file's base name; $run_id: the ingest run.
INSERT INTO neighbourhood_priorities (
    priority_id, area_code, area_level, priority, service_standard, agreed_at, date_set, review_date,
    source_file, run_id, source_line
)
SELECT
    priority_id, area_code, area_level, priority, service_standard, agreed_at, date_set, review_date,
    $file_name, $run_id, source_line
FROM batch;
