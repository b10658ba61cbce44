-- hotspots_study_area: the polygons the grid is laid over: every loaded LSOA, or only the one area named.
-- $within_level, $within_code: the area (NULL for all LSOAs).
SELECT code, geometry
FROM areas
WHERE ($within_level IS NULL AND level = 'lsoa')
   OR (level = $within_level AND code = $within_code)
ORDER BY code;
