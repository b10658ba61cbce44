-- repeats_by_lsoa: how many repeat locations (located_selection.sql's repeat_points) each LSOA has and how many
-- incidents they hold, a location counting in the LSOA most of its incidents carry. What the priority index reads:
-- none of a location's details.
-- $months: DATE[] or NULL for all; $categories: VARCHAR[] or NULL for all;
-- $within_level, $within_code: only incidents in that area, or NULL; $min_months, $min_incidents: thresholds.
SELECT lsoa_code, count(*) AS repeat_locations, sum(incidents)::BIGINT AS repeat_incidents
FROM repeat_points($months, $categories, $within_level, $within_code, $min_months, $min_incidents)
GROUP BY lsoa_code
ORDER BY lsoa_code;
