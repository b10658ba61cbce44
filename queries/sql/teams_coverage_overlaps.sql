-- teams_coverage_overlaps: a data-quality check (zero rows is healthy): LSOAs covered by more than one team of
-- the same type and agency, with those teams. Police and partner teams working the same streets is not overlap.
SELECT lsoa_code, team_type, agency, list(team_id ORDER BY team_id) AS team_ids
FROM team_coverage
GROUP BY lsoa_code, team_type, agency
HAVING count(*) > 1
ORDER BY lsoa_code, team_type, agency;
