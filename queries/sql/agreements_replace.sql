-- agreements_replace: before storing a neighbourhood priorities file, delete the priorities a file of the same name
-- brought before and any priority whose id the new file gives again.
-- $file_name: the file's base name; registered frame batch: the file's accepted rows.
DELETE FROM neighbourhood_priorities
WHERE source_file = $file_name OR priority_id IN (SELECT priority_id FROM batch);
