-- incident_counts_by_area: incidents per area at one level for the chosen months and categories, with
-- residents and incidents per 1,000 residents. Every area of the level is listed, with 0 where none.
-- $level: the level; $months: DATE[] or NULL for every month; $categories: VARCHAR[] or NULL for all.
WITH counted AS (
    SELECT l.area_code, count(*) AS incidents
    FROM incidents AS i
    JOIN area_lookup AS l ON l.lsoa_code = i.area_code AND l.level = $level
    WHERE ($months IS NULL OR list_contains($months, i.month))
      AND ($categories IS NULL OR list_contains($categories, i.category))
    GROUP BY l.area_code
)
SELECT
    a.code,
    a.name,
    coalesce(c.incidents, 0) AS incidents,
    a.population,
    1000.0 * coalesce(c.incidents, 0) / nullif(a.population, 0) AS per_1000
FROM areas AS a
LEFT JOIN counted AS c ON c.area_code = a.code
WHERE a.level = $level
ORDER BY incidents DESC, a.code;
