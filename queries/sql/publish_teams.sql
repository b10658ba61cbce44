-- publish_teams: each team with its public contact (the team's mailbox and phone, never a person's), and the
-- LSOAs it covers (team_coverage), for teams covering at least one loaded LSOA.
SELECT DISTINCT t.team_id, t.team_name, t.agency, t.team_type, t.contact_email, t.contact_phone
FROM teams AS t
JOIN team_coverage AS c USING (team_id)
ORDER BY t.team_id;
