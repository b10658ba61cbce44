-- areas_names: the code and name of every area of $level.
SELECT code, name FROM areas WHERE level = $level;
