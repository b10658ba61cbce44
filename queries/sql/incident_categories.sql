-- incident_categories: every category with its number of incidents, commonest first.
SELECT category, count(*) AS incidents
FROM incidents
GROUP BY category
ORDER BY incidents DESC, category;
