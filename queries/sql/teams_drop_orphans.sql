-- teams_drop_orphans: delete the areas, staff and meetings of teams that are no longer stored.
DELETE FROM team_areas WHERE team_id NOT IN (SELECT team_id FROM teams);
DELETE FROM team_staff WHERE team_id NOT IN (SELECT team_id FROM teams);
DELETE FROM team_meetings WHERE team_id NOT IN (SELECT team_id FROM teams);
