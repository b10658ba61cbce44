-- police_uk_batch_rows: police.uk incidents held per (force, month).
SELECT force, month, count(*) AS rows
FROM incidents
WHERE source = 'police.uk'
GROUP BY force, month;
