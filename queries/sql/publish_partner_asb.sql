-- publish_partner_asb: exact counts of ASB reported to partners (council, housing: asb_cases) per area of $level
-- and month of report, in the chosen months. These are partner figures: queries/publish.py applies the 10-5 rule
-- and secondary suppression before anything is written. Cases whose LSOA is unknown are left out at every level.
-- $level: the level; $months: DATE[] of the months.
SELECT l.area_code, strftime(date_trunc('month', c.reported_at), '%Y-%m') AS month, count(*) AS reports
FROM asb_cases AS c
JOIN area_lookup AS l ON l.lsoa_code = c.lsoa_code AND l.level = $level
WHERE list_contains($months, CAST(date_trunc('month', c.reported_at) AS DATE))
GROUP BY ALL
ORDER BY l.area_code, month;
