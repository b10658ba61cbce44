-- point_placement_candidates: incidents with coordinates that are not (yet) in a loaded area.
-- $run_id: only this ingest run's incidents; NULL for all of them.
SELECT rowid AS row_id, easting, northing
FROM incidents
WHERE placement = 'outside'
  AND easting IS NOT NULL
  AND ($run_id IS NULL OR run_id = $run_id);
