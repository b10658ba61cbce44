-- patrol_teams_list: every team's id and name, police teams first, for naming the choices.
SELECT team_id, team_name FROM teams ORDER BY team_type <> 'police', team_id;
