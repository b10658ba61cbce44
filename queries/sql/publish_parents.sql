-- publish_parents: for each area of $level, the area of $parent_level holding most of its LSOAs (ties: first
-- code), and how many of its LSOAs lie outside that parent (0 when the level nests inside the parent level).
SELECT area_code, arg_min(parent_code, sort_key) AS parent_code, sum(lsoas) - max(lsoas) AS lsoas_outside
FROM (
    SELECT a.area_code, r.area_code AS parent_code, count(*) AS lsoas, (-count(*), r.area_code) AS sort_key
    FROM area_lookup AS a
    JOIN area_lookup AS r ON r.lsoa_code = a.lsoa_code AND r.level = $parent_level
    WHERE a.level = $level
    GROUP BY a.area_code, r.area_code
)
GROUP BY area_code
ORDER BY area_code;
