-- police_uk_file_batches: the (force, month) batches each file in street_checked brings, with how many of its
-- rows each will store.
SELECT file, force, month, count(*) AS rows
FROM street_checked
WHERE problem IS NULL
GROUP BY file, force, month
ORDER BY file, force, month;
