-- police_uk_file_batches: the (force, month) batches the file in street_checked brings, with how many of its
-- rows each will store.
SELECT force, month, count(*) AS rows
FROM street_checked
WHERE problem IS NULL
GROUP BY force, month
ORDER BY force, month;
