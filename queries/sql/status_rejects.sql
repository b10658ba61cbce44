-- status_rejects: rejected rows by kind of file and reason (the part of the reason before its first colon).
SELECT kind, split_part(reason, ':', 1) AS reason, count(*) AS rows, count(DISTINCT source_file) AS files
FROM rejects
GROUP BY ALL
ORDER BY kind, rows DESC;
