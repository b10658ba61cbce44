-- repeats_locations: police.uk map points (anonymised: each incident is snapped to a nearby point) with incidents
-- in at least $min_months different months and at least $min_incidents incidents, busiest first.
-- $months: DATE[] or NULL for all; $categories: VARCHAR[] or NULL for all;
-- $within_level, $within_code: only incidents in that area, or NULL; $min_months, $min_incidents: thresholds.
SELECT
    i.longitude,
    i.latitude,
    any_value(i.easting) AS easting,
    any_value(i.northing) AS northing,
    mode(i.location) AS location,
    mode(i.area_code) AS lsoa_code,
    count(*) AS incidents,
    count(DISTINCT i.month) AS months,
    min(i.month) AS first_month,
    max(i.month) AS last_month,
    string_agg(DISTINCT i.category, '; ' ORDER BY i.category) AS categories
FROM incidents AS i
WHERE i.area_code IS NOT NULL
  AND i.longitude IS NOT NULL
  AND ($months IS NULL OR list_contains($months, i.month))
  AND ($categories IS NULL OR list_contains($categories, i.category))
  AND ($within_level IS NULL OR i.area_code IN (
      SELECT lsoa_code FROM area_lookup WHERE level = $within_level AND area_code = $within_code))
GROUP BY i.longitude, i.latitude
HAVING count(DISTINCT i.month) >= $min_months AND count(*) >= $min_incidents
ORDER BY months DESC, incidents DESC, i.longitude, i.latitude;
