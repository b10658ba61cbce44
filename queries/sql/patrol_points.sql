-- patrol_points: the selection's incidents placed in some LSOAs, with their grid coordinates (NULL when police.uk
-- gave none), category, month and location name, for describing a team's patch and its target cells.
-- $lsoas: VARCHAR[] of LSOA codes; $months: DATE[] or NULL for all; $categories: VARCHAR[] or NULL for all.
SELECT i.easting, i.northing, i.category, strftime(i.month, '%Y-%m') AS month, i.location
FROM incidents AS i
WHERE list_contains($lsoas, i.area_code)
  AND ($months IS NULL OR list_contains($months, i.month))
  AND ($categories IS NULL OR list_contains($categories, i.category))
ORDER BY i.month, i.id;
