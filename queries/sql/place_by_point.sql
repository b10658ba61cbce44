-- place_by_point: place again, by the rule in place_rule.sql, the incidents whose point fell in a loaded LSOA
-- (registered frame placed_points: row_id, area_code).
UPDATE incidents
SET
    area_code = placed_area(lsoa_is_loaded(incidents.lsoa_code), incidents.lsoa_code, p.area_code),
    placement = placement_of(lsoa_is_loaded(incidents.lsoa_code), p.area_code, incidents.easting, incidents.lsoa_code)
FROM placed_points AS p
WHERE incidents.rowid = p.row_id;
