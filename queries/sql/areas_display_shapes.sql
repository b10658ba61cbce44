-- areas_display_shapes: the code and simplified WGS84 outline (WKB) of every area of $level, by code, for maps.
SELECT code, geometry_wgs84 FROM areas WHERE level = $level ORDER BY code;
