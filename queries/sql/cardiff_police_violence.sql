-- cardiff_police_violence: police.uk incidents of one category (violence) per month and loaded LSOA, in one area
-- (or all), for setting beside A&E assaults. Ordered by month, LSOA.
-- $category: the police.uk category; $months: DATE[] or NULL for all; $within_level, $within_code: only
-- incidents in that area, or NULL.
SELECT i.month, i.area_code AS lsoa_code, count(*) AS police_violence
FROM incidents AS i
WHERE i.area_code IS NOT NULL
  AND i.category = $category
  AND ($months IS NULL OR list_contains($months, i.month))
  AND ($within_level IS NULL OR i.area_code IN (
      SELECT lsoa_code FROM area_lookup WHERE level = $within_level AND area_code = $within_code))
GROUP BY ALL
ORDER BY i.month, i.area_code;
