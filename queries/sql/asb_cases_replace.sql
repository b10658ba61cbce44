-- asb_cases_replace: before storing an ASB case file, delete the cases a file of the same name brought before and
-- any case whose id the new file gives again (a newer export of the same case replaces the older one).
-- $file_name: the file's base name; registered frame batch: the file's accepted rows.
DELETE FROM asb_cases
WHERE source_file = $file_name OR case_id IN (SELECT case_id FROM batch);
