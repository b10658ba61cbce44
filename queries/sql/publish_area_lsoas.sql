-- publish_area_lsoas: each loaded LSOA to the area of every level holding it (area_lookup, ONS best fit), so a
-- postcode's LSOA leads to its neighbourhood and CSP. Boundaries and this lookup are ONS open data.
SELECT lsoa_code, level, area_code
FROM area_lookup
ORDER BY level, area_code, lsoa_code;
