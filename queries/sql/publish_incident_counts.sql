-- publish_incident_counts: police.uk incidents per area of every level, month and category, in the chosen months.
-- Months only (police.uk publishes no days or times); an incident counts in the area holding its LSOA, so every
-- level adds up the same way. Only combinations with incidents are returned.
-- $months: DATE[] of the months to publish.
SELECT l.level, l.area_code, strftime(i.month, '%Y-%m') AS month, i.category, count(*) AS incidents
FROM incidents AS i
JOIN area_lookup AS l ON l.lsoa_code = i.area_code
WHERE list_contains($months, i.month)
GROUP BY ALL
ORDER BY l.level, l.area_code, month, i.category;
