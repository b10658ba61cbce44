-- police_uk_insert: store the good rows of street_checked as incidents, with their grid coordinates and file
-- line from the registered frame street_extras (by ord), placed in the loaded LSOAs by the rule in
-- place_rule.sql; the frame street_points (ord, area_code) holds the LSOAs found point-in-polygon for rows
-- whose own LSOA code is not loaded. The id hashes source, force, month and the row's order within that
-- force and month in the file (after the rows earlier files of the same command brought to that force and month),
-- so re-ingesting the same files gives the same ids. That order is worked out on (ord, force, month) alone and
-- joined back: sorting the whole rows for the window costs far more.
-- $run_id: the ingest run; $command_runs: the earlier runs of the same command (a list, often empty).
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
            SELECT force, month, count(*) AS rows
            FROM incidents
            WHERE source = 'police.uk' AND list_contains($command_runs, run_id)
            GROUP BY force, month
        ) AS e USING (force, month)
        WHERE problem IS NULL
    ) AS n USING (ord)
    JOIN street_extras AS x USING (ord)
    LEFT JOIN street_points AS p USING (ord)
    WHERE c.problem IS NULL
);
