-- police_uk_replace: delete the incidents of the (force, month) batches earlier commands stored and the files in
-- street_checked brings, so that ingesting it again replaces them instead of adding to them. Only batches no
-- earlier file of the same command brought are given (queries/ingest/police_uk.py, ForceMonths): a force's
-- month split across two files is stored whole.
-- $forces, $months: the batches, as two lists of the same length.
DELETE FROM incidents AS i
USING (SELECT unnest($forces) AS force, unnest($months)::DATE AS month) AS batch
WHERE i.source = 'police.uk' AND i.force = batch.force AND i.month = batch.month;
