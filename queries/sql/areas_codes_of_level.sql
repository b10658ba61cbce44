-- areas_codes_of_level: the code of every area of $level, by code: the areas a table must cover, or the codes a
-- file's column is matched against.
SELECT code FROM areas WHERE level = $level ORDER BY code;
