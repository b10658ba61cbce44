-- export_partitions: the force-months `cspmap export parquet` writes, with their rows, for its summary and marker.
SELECT force, strftime(month, '%Y-%m') AS month, count(*) AS rows
FROM incidents
GROUP BY ALL
ORDER BY force, month
