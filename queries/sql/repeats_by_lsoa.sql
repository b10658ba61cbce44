-- repeats_by_lsoa: how many repeat locations (located_selection.sql's repeat_points) each LSOA has and how many
-- incidents they hold, a location counting in the LSOA most of its incidents carry (a tie to the first code in
-- order, as repeats_locations.sql does). What the priority index reads: none of a location's details.
-- $months: DATE[] or NULL for all; $categories: VARCHAR[] or NULL for all;
-- $within_level, $within_code: only incidents in that area, or NULL; $min_months, $min_incidents: thresholds.
WITH qualifying AS (
    SELECT longitude, latitude, incidents
    FROM repeat_points($months, $categories, $within_level, $within_code, $min_months, $min_incidents)
),
commonest_lsoa AS (
    SELECT longitude, latitude, first(area_code ORDER BY n DESC, area_code) AS lsoa_code
    FROM (
        SELECT longitude, latitude, area_code, count(*) AS n
        FROM located_selection($months, $categories, $within_level, $within_code)
        SEMI JOIN qualifying USING (longitude, latitude)
        GROUP BY ALL
    )
    GROUP BY longitude, latitude
)
SELECT l.lsoa_code, count(*) AS repeat_locations, sum(q.incidents)::BIGINT AS repeat_incidents
FROM qualifying AS q
JOIN commonest_lsoa AS l USING (longitude, latitude)
GROUP BY l.lsoa_code
ORDER BY l.lsoa_code;
