-- areas_of_level: every stored area of $level with its BNG geometry (WKB) and source file, to keep when a file
-- brings only some of the level's areas.
SELECT code, name, geometry, source_file FROM areas WHERE level = $level;
