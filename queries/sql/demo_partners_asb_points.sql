-- demo_partners_asb_points: the police.uk ASB incidents placed in a loaded LSOA that have a map point, in a fixed
-- order; the illustrative ASB cases are drawn from them, so cases follow police.uk ASB density.
SELECT month, area_code AS lsoa_code, easting, northing
FROM incidents
WHERE category = 'Anti-social behaviour' AND area_code IS NOT NULL AND easting IS NOT NULL
ORDER BY month, area_code, run_id, source_line;
