-- place_by_lsoa_code: put incidents in the loaded LSOA whose code police.uk gave them. The rest are marked
-- 'no_location' (no coordinates and no LSOA code) or, provisionally, 'outside'; those with coordinates are
-- then tried point-in-polygon (queries/placement.py).
-- $run_id: only this ingest run's incidents; NULL for all of them.
UPDATE incidents
SET
    area_code = CASE WHEN lsoa_code IN (SELECT code FROM areas WHERE level = 'lsoa') THEN lsoa_code END,
    placement = CASE
        WHEN lsoa_code IN (SELECT code FROM areas WHERE level = 'lsoa') THEN 'lsoa_code'
        WHEN easting IS NULL AND lsoa_code IS NULL THEN 'no_location'
        ELSE 'outside'
    END
WHERE $run_id IS NULL OR run_id = $run_id;
