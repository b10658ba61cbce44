-- lookup_level_members: the loaded LSOAs of a level built from a lookup, with the area each belongs to.
-- $level: the level being built.
SELECT m.area_code, m.area_name, m.source_file, a.geometry
FROM lsoa_memberships AS m
JOIN areas AS a ON a.level = 'lsoa' AND a.code = m.lsoa_code
WHERE m.level = $level
ORDER BY m.area_code, m.lsoa_code;
