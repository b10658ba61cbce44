-- population_insert: store a population file's accepted figures (the registered frame new_population).
INSERT INTO population
SELECT code, population, source_file
FROM new_population;
