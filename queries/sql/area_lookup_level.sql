-- area_lookup_level: every loaded LSOA and the area of $level it best fits.
SELECT lsoa_code, area_code FROM area_lookup WHERE level = $level;
