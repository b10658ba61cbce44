-- areas_delete_level: remove every area of $level (before the level is written again as a whole).
DELETE FROM areas WHERE level = $level;
