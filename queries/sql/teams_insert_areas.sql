-- teams_insert_areas: store the areas each team covers (registered frame batch_areas: team_id, area_code, area_level,
-- covered_by).
INSERT INTO team_areas (team_id, area_code, area_level, covered_by)
SELECT team_id, area_code, area_level, covered_by FROM batch_areas;
