-- selection_categories: every police.uk category in the database, with how many incidents each has.
SELECT category, count(*) AS incidents
FROM incidents
GROUP BY category
ORDER BY category;
