-- partner_containing_areas: for every loaded area at any level (LSOAs included), the area of $level that wholly
-- contains it: all its LSOAs map there. A partner row known only by an area code is counted in that area; an area
-- split across several areas of $level (a neighbourhood when counting by LSOA) has no row here.
-- $level: the level to count at.
SELECT m.level AS row_level, m.area_code AS row_area, min(l.area_code) AS area_code
FROM area_lookup AS m
JOIN area_lookup AS l ON l.lsoa_code = m.lsoa_code AND l.level = $level
GROUP BY m.level, m.area_code
HAVING count(DISTINCT l.area_code) = 1;
