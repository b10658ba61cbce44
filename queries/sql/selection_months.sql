-- selection_months: the months that have incidents in the loaded areas, oldest first. A month with none of a
-- chosen category still counts as data (a true zero): this is about which months of police data are loaded.
SELECT DISTINCT month
FROM incidents
WHERE area_code IS NOT NULL
ORDER BY month;
