-- areas_levels_by_name: the levels that have areas, in alphabetical order: the levels `cspmap publish` writes.
SELECT DISTINCT level FROM areas ORDER BY level;
