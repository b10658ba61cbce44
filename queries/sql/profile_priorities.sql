-- profile_priorities: the priorities agreed with residents for one area, or for any area sharing an LSOA with it,
-- latest set first, then by id.
-- $level, $code: the area.
SELECT DISTINCT p.priority_id, p.priority, p.service_standard, p.agreed_at, p.date_set, p.review_date,
       p.area_code AS given_for
FROM neighbourhood_priorities AS p
JOIN area_lookup AS m ON m.level = p.area_level AND m.area_code = p.area_code
JOIN area_lookup AS l ON l.lsoa_code = m.lsoa_code AND l.level = $level
WHERE l.area_code = $code
ORDER BY p.date_set DESC NULLS LAST, p.priority_id;
