-- areas_within: the codes of the areas of $level with an LSOA inside the area $within_code of $within_level (the
-- rule rates_areas uses), by code; every area of $level when $within_level is NULL.
SELECT a.code
FROM areas AS a
WHERE a.level = $level
  AND ($within_level IS NULL OR a.code IN (
      SELECT l.area_code
      FROM area_lookup AS l
      JOIN area_lookup AS w ON w.lsoa_code = l.lsoa_code AND w.level = $within_level
      WHERE l.level = $level AND w.area_code = $within_code))
ORDER BY a.code;
