-- repeats_located_total: how many selected incidents in the loaded areas have a map point.
-- $months, $categories, $within_level, $within_code: as in repeats_locations.sql.
SELECT count(*) AS incidents
FROM incidents AS i
WHERE i.area_code IS NOT NULL
  AND i.longitude IS NOT NULL
  AND ($months IS NULL OR list_contains($months, i.month))
  AND ($categories IS NULL OR list_contains($categories, i.category))
  AND ($within_level IS NULL OR i.area_code IN (
      SELECT lsoa_code FROM area_lookup WHERE level = $within_level AND area_code = $within_code));
