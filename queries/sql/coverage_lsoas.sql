-- coverage_lsoas: every loaded LSOA with its residents, the area of a level it is in, and whether a police team
-- covers it.
-- $level: the level of the areas.
SELECT a.code AS lsoa_code, l.area_code, a.population,
       a.code IN (SELECT lsoa_code FROM team_coverage WHERE team_type = 'police') AS police_covered
FROM areas AS a
LEFT JOIN area_lookup AS l ON l.lsoa_code = a.code AND l.level = $level
WHERE a.level = 'lsoa'
ORDER BY a.code;
