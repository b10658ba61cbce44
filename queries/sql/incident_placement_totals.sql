-- incident_placement_totals: for the chosen months and categories, how many incidents are in the loaded
-- areas, outside them, or have no location at all.
-- $months: DATE[] or NULL for every month; $categories: VARCHAR[] or NULL for all.
SELECT
    count(*) FILTER (WHERE area_code IS NOT NULL) AS in_areas,
    count(*) FILTER (WHERE placement = 'outside') AS outside_areas,
    count(*) FILTER (WHERE placement = 'no_location') AS no_location
FROM incidents
WHERE ($months IS NULL OR list_contains($months, month))
  AND ($categories IS NULL OR list_contains($categories, category));
