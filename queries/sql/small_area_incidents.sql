-- small_area_incidents: incidents per area of a level over every loaded month, for the covariate of the
-- small-area confidence model (incidents per resident). Areas without incidents are absent (count 0).
-- Incidents count in the area holding their LSOA (area_lookup), as in rates_counts.
-- $level: the level.
SELECT l.area_code, count(*) AS incidents
FROM incidents AS i
JOIN area_lookup AS l ON l.lsoa_code = i.area_code AND l.level = $level
GROUP BY ALL
ORDER BY l.area_code;
