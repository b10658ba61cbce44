-- grid_places: the incidents placed in the loaded areas that the selection holds, as one row per map point and
-- month with how many incidents it had (police.uk snaps every location to one of a fixed set of map points, so a
-- force's million incidents sit on some tens of thousands of points). Easting and northing are NULL for the
-- incidents police.uk gave no coordinates (one row per month).
-- $months: DATE[] or NULL for all; $categories: VARCHAR[] or NULL for all;
-- $within_level, $within_code: only incidents in that area, or NULL.
SELECT i.easting, i.northing, i.month, count(*) AS incidents
FROM incidents AS i
WHERE i.area_code IS NOT NULL
  AND ($months IS NULL OR list_contains($months, i.month))
  AND ($categories IS NULL OR list_contains($categories, i.category))
  AND ($within_level IS NULL OR i.area_code IN (
      SELECT lsoa_code FROM area_lookup WHERE level = $within_level AND area_code = $within_code))
GROUP BY i.easting, i.northing, i.month
ORDER BY i.month, i.easting NULLS LAST, i.northing NULLS LAST;
