-- area_lookup_insert: store each LSOA's best-fit area at every level from the registered frame new_lookup
-- (lsoa_code, level, area_code).
INSERT INTO area_lookup SELECT lsoa_code, level, area_code FROM new_lookup;
