-- asb_cases_insert: store an ASB case file's accepted rows (registered frame batch), derived flags included.
-- $file_name: the file's base name; $run_id: the ingest run.
INSERT INTO asb_cases (
    case_id, agency, asb_type, reported_at, first_response_at, closed_at, caseworker_id, named_caseworker,
    review_count, review_dates, repeat_victim, vulnerable_victim, victim_ref, location_ref, lsoa_code, area_code,
    area_level, located_by, easting, northing, responded_within_24h, reviewed_monthly, as_of,
    source_file, run_id, source_line
)
SELECT
    case_id, agency, asb_type, reported_at, first_response_at, closed_at, caseworker_id, named_caseworker,
    review_count, review_dates, repeat_victim, vulnerable_victim, victim_ref, location_ref, lsoa_code, area_code,
    area_level, located_by, easting, northing, responded_within_24h, reviewed_monthly, as_of,
    $file_name, $run_id, source_line
FROM batch;
