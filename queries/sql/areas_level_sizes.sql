-- areas_level_sizes: how many areas each level has, finest first (the order of areas_levels).
SELECT level, count(*) AS areas FROM areas GROUP BY level ORDER BY level = 'lsoa' DESC, count(*) DESC, level;
