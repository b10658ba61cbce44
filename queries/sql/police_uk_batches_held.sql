-- police_uk_batches_held: the (force, month) batches the file in street_checked brings, each with how many
-- incidents earlier commands hold for it (what this file will replace; rows this command stored are kept).
-- $command_runs: the ingest runs of this command so far (a list, empty for its first file).
SELECT b.force, b.month, count(i.id) AS rows
FROM (SELECT DISTINCT force, month FROM street_checked WHERE problem IS NULL) AS b
LEFT JOIN incidents AS i
    ON i.source = 'police.uk' AND i.force = b.force AND i.month = b.month
    AND NOT list_contains($command_runs, i.run_id)
GROUP BY b.force, b.month
ORDER BY b.force, b.month;
