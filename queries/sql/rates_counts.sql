-- rates_counts: incidents per area of a level, and per category and/or month when asked (only combinations with
-- incidents). Incidents count in the area holding their LSOA (area_lookup), so every level is counted the same way.
-- $level: the level; $by_category, $by_month: BOOLEAN, a row per category / month (else that column is NULL and
-- the row counts them all); $months: DATE[] or NULL for all; $categories: VARCHAR[] or NULL for all;
-- $within_level, $within_code: only incidents in that area, or NULL.
SELECT l.area_code,
       CASE WHEN $by_category THEN i.category END AS category,
       CASE WHEN $by_month THEN i.month END AS month,
       count(*) AS incidents
FROM incidents AS i
JOIN area_lookup AS l ON l.lsoa_code = i.area_code AND l.level = $level
WHERE ($months IS NULL OR list_contains($months, i.month))
  AND ($categories IS NULL OR list_contains($categories, i.category))
  AND ($within_level IS NULL OR i.area_code IN (
      SELECT lsoa_code FROM area_lookup WHERE level = $within_level AND area_code = $within_code))
GROUP BY ALL
ORDER BY l.area_code, category, month;
