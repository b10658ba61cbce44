-- publish_team_lsoas: which loaded LSOAs each team covers, whatever level its areas were given at.
SELECT DISTINCT team_id, lsoa_code
FROM team_coverage
ORDER BY team_id, lsoa_code;
