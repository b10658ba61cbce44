-- survey_insert: store a survey file's accepted rows (registered frame batch), with the derived yes/no answers:
-- agrees with the confidence statement (answer 4 or 5), feels very or fairly safe after dark (3 or 4).
-- $file_name: the file's base name; $run_id: the ingest run.
INSERT INTO survey_responses (
    response_id, response_date, lsoa_code, area_code, area_level, located_by, weight, confidence,
    confidence_agree, safe_after_dark, feels_safe_after_dark, asb_big_problem, knows_how_to_contact,
    source_file, run_id, source_line
)
SELECT
    response_id,
    date,
    lsoa_code,
    area_code,
    area_level,
    located_by,
    weight,
    confidence,
    confidence >= 4,
    safe_after_dark,
    safe_after_dark >= 3,
    asb_big_problem,
    knows_how_to_contact,
    $file_name,
    $run_id,
    source_line
FROM batch;
