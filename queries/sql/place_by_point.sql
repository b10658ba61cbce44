-- place_by_point: record the LSOAs found point-in-polygon (registered frame placed_points: row_id, area_code).
UPDATE incidents
SET area_code = p.area_code, placement = 'point'
FROM placed_points AS p
WHERE incidents.rowid = p.row_id;
