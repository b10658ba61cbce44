-- teams_replace: before storing a teams file, delete the teams a file of the same name brought before and any
-- team whose id the new file gives again (their areas, staff and meetings go in teams_drop_orphans).
-- $file_name: the file's base name; registered frame batch: the file's accepted rows.
DELETE FROM teams
WHERE source_file = $file_name OR team_id IN (SELECT team_id FROM batch);
