-- publish_teams: each team covering at least one loaded LSOA, with its public contact: the team's mailbox and
-- phone. A mailbox or phone that is also a named contact's (contacts: a role's work email or phone, a route to a
-- person) is left out, so a personal contact entered in the teams file by mistake is never published.
SELECT DISTINCT t.team_id, t.team_name, t.agency, t.team_type,
       CASE WHEN t.contact_email IN (SELECT work_email FROM contacts WHERE work_email IS NOT NULL)
            THEN NULL ELSE t.contact_email END AS contact_email,
       CASE WHEN t.contact_phone IN (SELECT work_phone FROM contacts WHERE work_phone IS NOT NULL)
            THEN NULL ELSE t.contact_phone END AS contact_phone
FROM teams AS t
JOIN team_coverage AS c USING (team_id)
ORDER BY t.team_id;
