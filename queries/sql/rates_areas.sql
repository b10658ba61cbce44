-- rates_areas: the areas of a level with their names and residents (NULL when unknown), optionally only those
-- with an LSOA inside one area.
-- $level: the level; $within_level, $within_code: the area to stay within, or NULL.
SELECT a.code AS area_code, a.name AS area_name, a.population
FROM areas AS a
WHERE a.level = $level
  AND ($within_level IS NULL OR a.code IN (
      SELECT l.area_code
      FROM area_lookup AS l
      JOIN area_lookup AS w ON w.lsoa_code = l.lsoa_code AND w.level = $within_level
      WHERE l.level = $level AND w.area_code = $within_code))
ORDER BY a.code;
