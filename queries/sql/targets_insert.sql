-- targets_insert: store a targets file's accepted rows (registered frame batch).
-- $file_name: the file's base name; $run_id: the ingest run.
INSERT INTO targets (
    area_code, area_level, indicator, target_type, target, direction, baseline, baseline_period, deadline, set_on,
    source_file, run_id, source_line
)
SELECT
    area_code, area_level, indicator, target_type, target, direction, baseline, baseline_period, deadline, set_on,
    $file_name, $run_id, source_line
FROM batch;
