-- areas_levels: the levels that have areas, finest first: LSOAs, then the level with most areas, ties by name.
SELECT level FROM areas GROUP BY level ORDER BY level = 'lsoa' DESC, count(*) DESC, level;
