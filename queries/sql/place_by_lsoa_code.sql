-- place_by_lsoa_code: place incidents by the rule in place_rule.sql as if no point fell in a loaded LSOA: in the
-- loaded LSOA whose code police.uk gave them, else 'no_location' or, provisionally, 'outside'; those with
-- coordinates are then tried point-in-polygon (queries/placement.py, place_by_point.sql).
-- $run_id: only this ingest run's incidents; NULL for all of them.
UPDATE incidents
SET
    area_code = placed_area(lsoa_is_loaded(lsoa_code), lsoa_code, NULL),
    placement = placement_of(lsoa_is_loaded(lsoa_code), NULL, easting, lsoa_code)
WHERE $run_id IS NULL OR run_id = $run_id;
