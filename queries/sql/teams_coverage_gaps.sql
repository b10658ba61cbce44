-- teams_coverage_gaps: a data-quality check (zero rows is healthy): the loaded LSOAs that no police team covers,
-- with their population and the neighbourhood each is in, and whether that whole neighbourhood is uncovered.
WITH gaps AS (
    SELECT a.code AS lsoa_code, a.population
    FROM areas AS a
    WHERE a.level = 'lsoa'
      AND a.code NOT IN (SELECT lsoa_code FROM team_coverage WHERE team_type = 'police')
),
neighbourhood_of AS (
    SELECT lsoa_code, area_code AS neighbourhood_code FROM area_lookup WHERE level = 'neighbourhood'
)
SELECT
    g.lsoa_code,
    g.population,
    n.neighbourhood_code,
    n.neighbourhood_code IS NOT NULL AND NOT EXISTS (
        SELECT 1
        FROM neighbourhood_of AS other
        WHERE other.neighbourhood_code = n.neighbourhood_code
          AND other.lsoa_code NOT IN (SELECT lsoa_code FROM gaps)
    ) AS neighbourhood_whole
FROM gaps AS g
LEFT JOIN neighbourhood_of AS n USING (lsoa_code)
ORDER BY n.neighbourhood_code, g.lsoa_code;
