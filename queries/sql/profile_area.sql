-- profile_area: one area's name, residents and the reference area (e.g. the CSP) that holds most of its LSOAs.
-- $level, $code: the area; $reference_level: the level it is compared with.
SELECT a.code AS area_code, a.name AS area_name, a.population,
       (SELECT r.area_code FROM area_lookup AS m JOIN area_lookup AS r
            ON r.lsoa_code = m.lsoa_code AND r.level = $reference_level
        WHERE m.level = $level AND m.area_code = $code AND $level <> $reference_level
        GROUP BY r.area_code ORDER BY count(*) DESC, r.area_code LIMIT 1) AS reference_code
FROM areas AS a
WHERE a.level = $level AND a.code = $code;
