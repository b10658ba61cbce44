-- ae_assaults_insert: store an A&E assaults file's accepted rows (registered frame batch), with their month.
-- $file_name: the file's base name; $run_id: the ingest run.
INSERT INTO ae_assaults (
    site, assault_date, month, time_band, lsoa_code, area_code, area_level, located_by, place_text, weapon, age_band,
    source_file, run_id, source_line
)
SELECT
    site, date, date_trunc('month', date::DATE)::DATE, time_band, lsoa_code, area_code, area_level, located_by, place,
    weapon, age_band, $file_name, $run_id, source_line
FROM batch;
