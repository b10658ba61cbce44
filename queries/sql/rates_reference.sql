-- rates_reference: for each area of a level, the area of the reference level (e.g. the CSP) holding most of
-- its LSOAs; ties go to the first code.
-- $level: the level of the areas; $reference_level: the level they are compared with.
SELECT area_code, arg_min(reference_code, sort_key) AS reference_code
FROM (
    SELECT a.area_code, r.area_code AS reference_code, (-count(*), r.area_code) AS sort_key
    FROM area_lookup AS a
    JOIN area_lookup AS r ON r.lsoa_code = a.lsoa_code AND r.level = $reference_level
    WHERE a.level = $level
    GROUP BY a.area_code, r.area_code
)
GROUP BY area_code
ORDER BY area_code;
