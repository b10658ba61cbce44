-- coverage_team_areas: each team with each area of a level it covers (at least one LSOA of it), the residents and
-- LSOAs of the area it covers, and the team's staff by role (a list of role => staff).
-- $level: the level of the areas.
WITH covered AS (
    SELECT c.team_id, l.area_code, sum(a.population) AS covered_residents, count(*) AS covered_lsoas
    FROM team_coverage AS c
    JOIN area_lookup AS l ON l.lsoa_code = c.lsoa_code AND l.level = $level
    LEFT JOIN areas AS a ON a.level = 'lsoa' AND a.code = c.lsoa_code
    GROUP BY c.team_id, l.area_code
)
SELECT t.team_id, t.team_name, t.team_type, t.agency, v.area_code, v.covered_residents, v.covered_lsoas,
       coalesce((SELECT map_from_entries(list((s.role, s.staff))) FROM team_staff AS s WHERE s.team_id = t.team_id),
                MAP {}) AS staff
FROM teams AS t
JOIN covered AS v USING (team_id)
ORDER BY t.team_id, v.area_code;
