-- status_areas: areas loaded at each level, how many have a population figure, and where they came from.
SELECT
    level,
    count(*) AS areas,
    count(population) AS with_population,
    sum(population) AS population,
    string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS source_files
FROM areas
GROUP BY level
ORDER BY level = 'lsoa' DESC, level;
