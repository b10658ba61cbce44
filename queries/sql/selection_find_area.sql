-- selection_find_area: the levels at which an area code is loaded (a code may be used at more than one level).
-- $code: the area code; $level: only this level, or NULL for any.
SELECT level, code, name
FROM areas
WHERE code = $code AND ($level IS NULL OR level = $level)
ORDER BY level;
