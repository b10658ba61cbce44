-- hotspots_points: the incidents placed in the loaded areas that the selection holds, one row each, with their grid
-- coordinates (NULL when police.uk gave none), month and category: what the patrol brief says of each cell. The grid
-- itself reads grid_places.sql, one row per map point and month.
-- $months: DATE[] or NULL for all; $categories: VARCHAR[] or NULL for all;
-- $within_level, $within_code: only incidents in that area, or NULL.
SELECT i.easting, i.northing, i.month, i.category
FROM incidents AS i
WHERE i.area_code IS NOT NULL
  AND ($months IS NULL OR list_contains($months, i.month))
  AND ($categories IS NULL OR list_contains($categories, i.category))
  AND ($within_level IS NULL OR i.area_code IN (
      SELECT lsoa_code FROM area_lookup WHERE level = $within_level AND area_code = $within_code))
ORDER BY i.month, i.id;
