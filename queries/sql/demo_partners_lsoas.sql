-- demo_partners_lsoas: every loaded LSOA with its population, neighbourhood and CSP (codes and names) and
-- geometry: the areas the illustrative partner-data generator (demo/partners.py) works over.
SELECT
    a.code AS lsoa_code,
    coalesce(a.population, 0) AS population,
    n.area_code AS neighbourhood_code,
    nb.name AS neighbourhood_name,
    c.area_code AS csp_code,
    cs.name AS csp_name,
    a.geometry
FROM areas AS a
LEFT JOIN area_lookup AS n ON n.lsoa_code = a.code AND n.level = 'neighbourhood'
LEFT JOIN areas AS nb ON nb.level = 'neighbourhood' AND nb.code = n.area_code
LEFT JOIN area_lookup AS c ON c.lsoa_code = a.code AND c.level = 'csp'
LEFT JOIN areas AS cs ON cs.level = 'csp' AND cs.code = c.area_code
WHERE a.level = 'lsoa'
ORDER BY a.code;
