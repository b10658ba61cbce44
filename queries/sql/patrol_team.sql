-- patrol_team: one team, its public contact and the loaded LSOAs it covers (its patch), with each LSOA's
-- boundary (EPSG:27700 WKB); no row when the team is unknown or covers no loaded LSOA.
-- $team_id: the team.
SELECT t.team_id, t.team_name, t.team_type, t.agency, t.contact_email, t.contact_phone, c.lsoa_code, a.geometry
FROM teams AS t
JOIN team_coverage AS c USING (team_id)
JOIN areas AS a ON a.level = 'lsoa' AND a.code = c.lsoa_code
WHERE t.team_id = $team_id
ORDER BY c.lsoa_code;
