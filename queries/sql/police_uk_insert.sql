-- police_uk_insert: store the good rows of street_checked as incidents, with their grid coordinates from
-- street_grid (by ord), placed in the loaded LSOAs by the rule in place_rule.sql; street_points (ord, area_code)
-- holds the LSOAs found point-in-polygon for rows whose own LSOA code is not loaded. A row's file line is its
-- order, plus the header, plus the lines above it that are not rows: the registered frame street_skips holds
-- that count as steps (accepted_before, skipped; queries/ingest/line_scan.py), and the last step at or below
-- the row applies. The id hashes source, force, month and the row's order within that force and month in the
-- file (after the rows earlier files of the same command brought to that force and month), so re-ingesting the
-- same files gives the same ids. That order is worked out on (ord, force, month) alone and joined back: sorting
-- the whole rows for the window costs far more.
-- $run_id: the ingest run; $stored_forces, $stored_months, $stored_rows: the rows earlier files of the same
-- command stored in the batches this file brings (three lists of the same length, most often empty).
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
    $run_id,
    source_line
FROM (
    SELECT
        c.*,
        n.batch_row,
        x.source_line,
        x.easting,
        x.northing,
        p.area_code::VARCHAR AS point_area,
        lsoa_is_loaded(c.lsoa_code) AS lsoa_loaded
    FROM street_checked AS c
    JOIN (
        SELECT
            ord,
            coalesce(e.rows, 0) + row_number() OVER (PARTITION BY s.force, s.month ORDER BY ord) AS batch_row
        FROM street_checked AS s
        LEFT JOIN (
            SELECT unnest($stored_forces) AS force, unnest($stored_months)::DATE AS month, unnest($stored_rows) AS rows
        ) AS e USING (force, month)
        WHERE problem IS NULL
    ) AS n USING (ord)
    JOIN (
        SELECT g.*, g.ord + 1 + coalesce(k.skipped, 0) AS source_line
        FROM street_grid AS g
        ASOF LEFT JOIN street_skips AS k ON g.ord - 1 >= k.accepted_before
    ) AS x USING (ord)
    LEFT JOIN street_points AS p USING (ord)
    WHERE c.problem IS NULL
);
