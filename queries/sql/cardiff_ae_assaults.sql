-- cardiff_ae_assaults: A&E assault attendances (Cardiff model) per site, month and LSOA where they happened, in
-- one area (or all); with no area chosen, rows whose place is not known to an LSOA come back with lsoa_code NULL,
-- so they are counted and said, never matched. Ordered by site, month, LSOA.
-- $months: DATE[] or NULL for all; $within_level, $within_code: only assaults in that area's LSOAs, or NULL.
SELECT site, month, lsoa_code, count(*) AS ae_assaults
FROM ae_assaults
WHERE ($months IS NULL OR list_contains($months, month))
  AND ($within_level IS NULL OR lsoa_code IN (
      SELECT lsoa_code FROM area_lookup WHERE level = $within_level AND area_code = $within_code))
GROUP BY ALL
ORDER BY site, month, lsoa_code NULLS LAST;
