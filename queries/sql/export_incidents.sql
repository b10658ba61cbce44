-- export_incidents: every stored incident, as `cspmap export parquet` writes it. The month becomes its YYYY-MM text
-- so that the Hive partition folders read `month=2018-07`; force and month are the partition columns, so they live
-- in the folder names and not inside the Parquet files (Hive readers put them back as columns).
SELECT
    force,
    strftime(month, '%Y-%m') AS month,
    id,
    source,
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
    area_code,
    placement,
    run_id,
    source_line
FROM incidents
ORDER BY force, month, run_id, source_line
