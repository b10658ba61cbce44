-- refresh_area_population: set each area's population to its own figure in `population` when there is one,
-- else the sum over the LSOAs that best fit in it (area_lookup); NULL when neither is known.
UPDATE areas
SET population = coalesce(
    (SELECT p.population FROM population AS p WHERE p.code = areas.code),
    (
        SELECT sum(p.population)
        FROM area_lookup AS l
        JOIN population AS p ON p.code = l.lsoa_code
        WHERE l.level = areas.level AND l.area_code = areas.code
    )
);
