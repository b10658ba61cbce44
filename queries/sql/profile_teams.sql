-- profile_teams: the teams covering any LSOA of one area, with their public contact, how many of the area's LSOAs
-- each covers, and their meetings; police teams first, then by team id.
-- $level, $code: the area.
WITH lsoas AS (SELECT lsoa_code FROM area_lookup WHERE level = $level AND area_code = $code)
SELECT t.team_id, t.team_name, t.team_type, t.agency, t.contact_email, t.contact_phone,
       count(DISTINCT c.lsoa_code) AS covered_lsoas,
       (SELECT count(*) FROM lsoas) AS area_lsoas,
       (SELECT string_agg(m.meeting_type || ': ' || m.schedule, '; ' ORDER BY m.meeting_type, m.schedule)
        FROM team_meetings AS m WHERE m.team_id = t.team_id) AS meetings
FROM teams AS t
JOIN team_coverage AS c USING (team_id)
WHERE c.lsoa_code IN (SELECT lsoa_code FROM lsoas)
GROUP BY t.team_id, t.team_name, t.team_type, t.agency, t.contact_email, t.contact_phone
ORDER BY t.team_type <> 'police', t.team_id;
