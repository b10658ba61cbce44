-- police_uk_insert: store the good rows of street_checked as incidents, with their grid coordinates and file
-- line from the registered frame street_extras (by ord). Placement in areas is done afterwards
-- (queries/placement.py). The id hashes source, force, month and the row's order within that force and
-- month in the file, so re-ingesting the same file gives the same ids.
-- $run_id: the ingest run.
INSERT INTO incidents
SELECT
    hash('police.uk', c.force, c.month, row_number() OVER (PARTITION BY c.force, c.month ORDER BY c.ord)),
    'police.uk',
    c.force,
    c.month,
    c.category,
    c.crime_id,
    c.lsoa_code,
    c.lsoa_name,
    c.longitude,
    c.latitude,
    x.easting,
    x.northing,
    c.location,
    c.last_outcome,
    NULL,
    'outside',
    $run_id,
    x.source_line
FROM street_checked AS c
JOIN street_extras AS x USING (ord)
WHERE c.problem IS NULL;
