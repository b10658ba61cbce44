-- areas_count_by_level: how many areas are loaded at each level, to order levels from finest to coarsest.
SELECT level, count(*) AS areas FROM areas GROUP BY level;
