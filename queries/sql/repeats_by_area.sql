-- repeats_by_area: for each area of a level, how many repeat locations it holds and the incidents at them
-- (a location counts in the area of the LSOA most of its incidents are in). Areas with none are not listed.
-- $level: the level; other parameters as in repeats_locations.sql.
WITH located AS (
    SELECT i.longitude, i.latitude, mode(i.area_code) AS lsoa_code, count(*) AS incidents
    FROM incidents AS i
    WHERE i.area_code IS NOT NULL
      AND i.longitude IS NOT NULL
      AND ($months IS NULL OR list_contains($months, i.month))
      AND ($categories IS NULL OR list_contains($categories, i.category))
      AND ($within_level IS NULL OR i.area_code IN (
          SELECT lsoa_code FROM area_lookup WHERE level = $within_level AND area_code = $within_code))
    GROUP BY i.longitude, i.latitude
    HAVING count(DISTINCT i.month) >= $min_months AND count(*) >= $min_incidents
)
SELECT l.area_code, count(*) AS repeat_locations, sum(r.incidents) AS repeat_incidents
FROM located AS r
JOIN area_lookup AS l ON l.lsoa_code = r.lsoa_code AND l.level = $level
GROUP BY l.area_code
ORDER BY l.area_code;
