-- survey_replace: before storing a survey file, delete the responses a file of the same name brought before and
-- any response whose id the new file gives again.
-- $file_name: the file's base name; registered frame batch: the file's accepted rows.
DELETE FROM survey_responses
WHERE source_file = $file_name OR response_id IN (SELECT response_id FROM batch);
