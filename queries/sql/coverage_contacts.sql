-- coverage_contacts: the agencies with a named contact serving each area of a level: a contact serves every area
-- that shares an LSOA with the area it was given for (so a CSP-wide contact serves each neighbourhood in it).
-- $level: the level of the areas.
SELECT DISTINCT l.area_code, c.agency
FROM contacts AS c
JOIN area_lookup AS m ON m.level = c.area_level AND m.area_code = c.area_code
JOIN area_lookup AS l ON l.lsoa_code = m.lsoa_code AND l.level = $level
ORDER BY l.area_code, c.agency;
