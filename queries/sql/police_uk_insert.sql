-- police_uk_insert: store the good rows of street_checked (files read together) as incidents, with their grid
-- coordinates from street_grid, placed in the loaded LSOAs by the rule in place_rule.sql; street_points holds the
-- LSOAs found point-in-polygon for rows whose own LSOA code is not loaded. Rows are matched by read_row, their
-- number in the read. A row's file line is read_row plus a shift: the registered frame street_lines holds, for each
-- file, steps (from_row, shift) that count the header and the lines above each row that are not rows
-- (queries/ingest/police_uk.py, _line_steps), and the last step below the row applies.
-- The id hashes source, force, month and the row's order within that force and month in its file (after the rows
-- earlier files of the same command brought to that force and month), so re-ingesting the same files gives the
-- same ids. That order is worked out on (read_row, file, force, month) alone and joined back: sorting the whole
-- rows for the window costs far more. Only the files given a run are stored (a file whose bytes an earlier file
-- of the command brought has none).
-- $run_files, $run_ids: each stored file (its place in the read) and its ingest run; $stored_files,
-- $stored_forces, $stored_months, $stored_rows: the rows earlier files of the same command stored in the batches
-- each file brings (lists of the same length, most often empty).
INSERT INTO incidents
SELECT
    hash('police.uk', force, month, batch_row),
    'police.uk',
    force,
    month,
    category,
    crime_id,
    lsoa_code,
    lsoa_name,
    longitude,
    latitude,
    easting,
    northing,
    location,
    last_outcome,
    placed_area(lsoa_loaded, lsoa_code, point_area),
    placement_of(lsoa_loaded, point_area, easting, lsoa_code),
    run_id,
    source_line
FROM (
    SELECT
        c.*,
        r.run_id,
        n.batch_row,
        x.source_line,
        x.easting,
        x.northing,
        p.area_code::VARCHAR AS point_area,
        lsoa_is_loaded(c.lsoa_code) AS lsoa_loaded
    FROM street_checked AS c
    JOIN (SELECT unnest($run_files) AS file, unnest($run_ids) AS run_id) AS r USING (file)
    JOIN (
        SELECT
            read_row,
            coalesce(e.rows, 0)
                + row_number() OVER (PARTITION BY s.file, s.force, s.month ORDER BY read_row) AS batch_row
        FROM street_checked AS s
        LEFT JOIN (
            SELECT
                unnest($stored_files) AS file,
                unnest($stored_forces) AS force,
                unnest($stored_months)::DATE AS month,
                unnest($stored_rows) AS rows
        ) AS e USING (file, force, month)
        WHERE problem IS NULL
    ) AS n USING (read_row)
    JOIN (
        SELECT g.read_row, g.easting, g.northing, g.read_row + k.shift AS source_line
        FROM street_grid AS g
        ASOF JOIN street_lines AS k ON g.file = k.file AND g.read_row - 1 >= k.from_row
    ) AS x USING (read_row)
    LEFT JOIN street_points AS p USING (read_row)
    WHERE c.problem IS NULL
);
