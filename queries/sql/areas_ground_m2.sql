-- areas_ground_m2: the ground (m²) a grid over the selection would cover: the one area $within_code of
-- $within_level, or with $within_level NULL every loaded LSOA together. NULL when nothing is loaded.
SELECT CASE
    WHEN $within_level IS NULL THEN (SELECT sum(area_m2) FROM areas WHERE level = 'lsoa')
    ELSE (SELECT max(area_m2) FROM areas WHERE level = $within_level AND code = $within_code)
END AS ground_m2;
