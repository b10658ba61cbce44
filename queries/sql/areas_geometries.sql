-- areas_geometries: the code and British National Grid polygon (WKB) of every area of $level, by code.
SELECT code, geometry FROM areas WHERE level = $level ORDER BY code;
