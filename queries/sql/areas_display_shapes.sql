-- areas_display_shapes: the code and simplified WGS84 outline (WKB) of every area of $level, by code, for maps;
-- with $within_level and $within_code, only the areas with an LSOA inside that one area (the rule of rates_areas.sql).
SELECT code, geometry_wgs84
FROM areas
WHERE level = $level
  AND ($within_level IS NULL OR code IN (
      SELECT l.area_code
      FROM area_lookup AS l
      JOIN area_lookup AS w ON w.lsoa_code = l.lsoa_code AND w.level = $within_level
      WHERE l.level = $level AND w.area_code = $within_code))
ORDER BY code;
