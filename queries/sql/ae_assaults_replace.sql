-- ae_assaults_replace: before storing an A&E assaults file, delete the rows a file of the same name brought before
-- and, for each site in the new file, every row of the months it covers (A&E rows have no ids).
-- $file_name: the file's base name; registered frame batch: the file's accepted rows.
-- `date` is cast because a file whose rows were all rejected gives a batch with no rows and untyped columns.
DELETE FROM ae_assaults AS a
WHERE a.source_file = $file_name
   OR (a.site, a.month) IN (SELECT DISTINCT site, date_trunc('month', date::DATE)::DATE FROM batch);
