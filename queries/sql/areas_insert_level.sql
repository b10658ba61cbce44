-- areas_insert_level: store the areas of a level from the registered frame level_rows (one row per area, with
-- its BNG and display geometries as WKB, its area in m2 and the file it came from).
INSERT INTO areas (level, code, name, geometry, geometry_wgs84, area_m2, source_file)
SELECT level, code, name, geometry, geometry_wgs84, area_m2, source_file FROM level_rows;
