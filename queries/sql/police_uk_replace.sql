-- police_uk_replace: delete the incidents of every (force, month) that the file in street_checked brings,
-- so that ingesting it again replaces them instead of adding to them.
DELETE FROM incidents AS i
USING (SELECT DISTINCT force, month FROM street_checked WHERE problem IS NULL) AS batch
WHERE i.source = 'police.uk' AND i.force = batch.force AND i.month = batch.month;
