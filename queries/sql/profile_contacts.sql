-- profile_contacts: the named contacts (a role and its work contact, never a person) serving one area: those
-- given for an area that shares an LSOA with it (so a CSP-wide contact serves each neighbourhood in it), by
-- agency and role.
-- $level, $code: the area.
SELECT DISTINCT c.agency, c.role, c.work_email, c.work_phone, c.area_code AS given_for
FROM contacts AS c
JOIN area_lookup AS m ON m.level = c.area_level AND m.area_code = c.area_code
JOIN area_lookup AS l ON l.lsoa_code = m.lsoa_code AND l.level = $level
WHERE l.area_code = $code
ORDER BY c.agency, c.role, c.area_code;
