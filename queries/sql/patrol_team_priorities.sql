-- patrol_team_priorities: the priorities agreed with residents for any area sharing an LSOA with one team's
-- patch, latest set first, then by id.
-- $team_id: the team.
SELECT DISTINCT p.priority_id, p.area_code, a.name AS area_name, p.priority, p.service_standard, p.agreed_at,
       strftime(p.date_set, '%Y-%m-%d') AS date_set, strftime(p.review_date, '%Y-%m-%d') AS review_date
FROM neighbourhood_priorities AS p
JOIN area_lookup AS m ON m.level = p.area_level AND m.area_code = p.area_code
JOIN team_coverage AS c ON c.lsoa_code = m.lsoa_code AND c.team_id = $team_id
LEFT JOIN areas AS a ON a.level = p.area_level AND a.code = p.area_code
ORDER BY date_set DESC NULLS LAST, p.priority_id;
