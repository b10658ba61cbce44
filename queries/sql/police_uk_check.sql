-- police_uk_check: type and check the rows of street_raw into street_checked. A row whose `problem` is not
-- NULL is rejected with that reason ("category: detail"); every other row is stored.
-- $force: used when a row's 'Reported by' is blank (NULL: such rows are rejected);
-- $min_lon, $min_lat, $max_lon, $max_lat: the box around the UK that coordinates must fall in.
CREATE OR REPLACE TEMP TABLE street_checked AS
WITH typed AS (
    SELECT
        ord,
        nullif(trim(crime_id), '') AS crime_id,
        nullif(trim(month), '') AS month_text,
        try_strptime(trim(month), '%Y-%m')::DATE AS month,
        coalesce(nullif(trim(reported_by), ''), $force) AS force,
        nullif(trim(longitude), '') AS longitude_text,
        nullif(trim(latitude), '') AS latitude_text,
        TRY_CAST(trim(longitude) AS DOUBLE) AS longitude,
        TRY_CAST(trim(latitude) AS DOUBLE) AS latitude,
        nullif(trim(location), '') AS location,
        nullif(trim(lsoa_code), '') AS lsoa_code,
        nullif(trim(lsoa_name), '') AS lsoa_name,
        nullif(trim(crime_type), '') AS category,
        nullif(trim(last_outcome), '') AS last_outcome
    FROM street_raw
)
SELECT
    *,
    CASE
        WHEN month IS NULL
            THEN 'bad month: ' || coalesce('''' || month_text || '''', 'blank') || ' is not YYYY-MM'
        WHEN force IS NULL
            THEN 'no force: ''Reported by'' is blank (name the force with --force-name)'
        WHEN category IS NULL
            THEN 'no crime type: ''Crime type'' is blank'
        WHEN (longitude_text IS NULL) <> (latitude_text IS NULL)
            THEN 'incomplete coordinates: only one of longitude and latitude is given'
        WHEN longitude_text IS NOT NULL AND (longitude IS NULL OR latitude IS NULL)
            THEN 'bad coordinates: ' || longitude_text || ', ' || latitude_text || ' are not numbers'
        WHEN longitude IS NOT NULL
             AND NOT (longitude BETWEEN $min_lon AND $max_lon AND latitude BETWEEN $min_lat AND $max_lat)
            THEN 'coordinates outside the UK: ' || longitude_text || ', ' || latitude_text
    END AS problem
FROM typed;
