-- areas_count_at_level: how many areas are loaded at one level. $level: the level's name.
SELECT count(*) FROM areas WHERE level = $level;
