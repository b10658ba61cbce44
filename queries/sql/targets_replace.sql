-- targets_replace: before storing a targets file, delete the targets a file of the same name brought before and any
-- target for an (area, indicator, deadline) the new file gives again.
-- $file_name: the file's base name; registered frame batch: the file's accepted rows.
DELETE FROM targets AS t
WHERE t.source_file = $file_name
   OR (t.area_code, t.indicator, t.deadline) IN (SELECT area_code, indicator, deadline FROM batch);
