-- police_uk_replace: delete the incidents of every (force, month) that the file in street_checked brings, so that
-- ingesting it again replaces them instead of adding to them. Rows stored by earlier files of the same command
-- are kept: a force's month split across two files is stored whole.
-- $command_runs: the ingest runs of this command so far (a list, empty for its first file).
DELETE FROM incidents AS i
USING (SELECT DISTINCT force, month FROM street_checked WHERE problem IS NULL) AS batch
WHERE i.source = 'police.uk' AND i.force = batch.force AND i.month = batch.month
    AND NOT list_contains($command_runs, i.run_id);
