-- police_uk_check: read police.uk street-level CSVs of the same columns, every value as text, and type and check
-- their rows into the temp table street_checked, in one pass. A row whose `problem` is not NULL is rejected with that reason
-- ("category: detail"); every other row is stored.
-- Rows DuckDB cannot parse (wrong number of columns, bad encoding, bad quoting) are not read: they go to the
-- temp table reject_errors with their line number. WITH ORDINALITY numbers the rows read, file after file, each in
-- file order (read_row), and file_index says which file (file, its place in $paths): that is how each row's line number
-- is worked out afterwards. A column the files lack reads as NULL: the empty relation `expected` names every
-- column, and UNION ALL BY NAME fills in the ones the files do not have.
-- The *_text columns only serve the messages, so they are not kept. Only the values that become keys (force,
-- category, LSOA code) are trimmed of surrounding spaces: trimming every text column costs a fifth of the
-- ingest, and month and coordinates parse with spaces around them anyway.
-- $paths: the CSV files; $columns: the files' columns in order, renamed to cspmap's names, all VARCHAR;
-- $force: used when a row's 'Reported by' is blank (NULL: such rows are rejected);
-- $min_lon, $min_lat, $max_lon, $max_lat: the box around the UK that coordinates must fall in;
-- $max_line_bytes: the longest line read at all (a longer one stops the file); $buffer_bytes: the reader's
-- buffer, just above that; $max_value_bytes: the longest value a row may hold, else it is rejected;
-- $first_month: the first month police.uk published (2010-12-01); $this_month: the first day of the current
-- month (a later month is a typing slip or a file from a wrong clock, never data).
CREATE OR REPLACE TEMP TABLE street_checked AS
WITH expected AS (
    SELECT
        NULL::BIGINT AS read_row,
        NULL::BIGINT AS file,
        NULL::VARCHAR AS crime_id,
        NULL::VARCHAR AS month,
        NULL::VARCHAR AS reported_by,
        NULL::VARCHAR AS falls_within,
        NULL::VARCHAR AS longitude,
        NULL::VARCHAR AS latitude,
        NULL::VARCHAR AS location,
        NULL::VARCHAR AS lsoa_code,
        NULL::VARCHAR AS lsoa_name,
        NULL::VARCHAR AS crime_type,
        NULL::VARCHAR AS last_outcome,
        NULL::VARCHAR AS context
    WHERE false
),
street_raw AS (
    FROM expected
    UNION ALL BY NAME
    SELECT * RENAME (ordinality AS read_row), file_index AS file
    FROM read_csv(
        $paths,
        header = true,
        columns = $columns,
        delim = ',',
        quote = '"',
        escape = '"',
        store_rejects = true,
        max_line_size = $max_line_bytes,
        buffer_size = $buffer_bytes
    ) WITH ORDINALITY
),
typed AS (
    SELECT
        read_row,
        file,
        nullif(crime_id, '') AS crime_id,
        nullif(month, '') AS month_text,
        try_strptime(month, '%Y-%m')::DATE AS month,
        coalesce(nullif(trim(reported_by), ''), $force) AS force,
        nullif(longitude, '') AS longitude_text,
        nullif(latitude, '') AS latitude_text,
        TRY_CAST(longitude AS DOUBLE) AS longitude,
        TRY_CAST(latitude AS DOUBLE) AS latitude,
        nullif(location, '') AS location,
        nullif(trim(lsoa_code), '') AS lsoa_code,
        nullif(lsoa_name, '') AS lsoa_name,
        nullif(trim(crime_type), '') AS category,
        nullif(last_outcome, '') AS last_outcome,
        -- strlen reads a string's stored size, so the longest value costs next to nothing to find.
        greatest(
            strlen(crime_id), strlen(month), strlen(reported_by), strlen(falls_within), strlen(longitude),
            strlen(latitude), strlen(location), strlen(lsoa_code), strlen(lsoa_name), strlen(crime_type),
            strlen(last_outcome), strlen(context)
        ) AS longest_value
    FROM street_raw
),
checked_points AS (
    -- A coordinate is blank when it is empty or only spaces; trim is only reached for the few rows whose
    -- coordinate did not parse, so it costs next to nothing.
    SELECT
        *,
        longitude_text IS NULL OR (longitude IS NULL AND trim(longitude_text) = '') AS longitude_blank,
        latitude_text IS NULL OR (latitude IS NULL AND trim(latitude_text) = '') AS latitude_blank
    FROM typed
)
SELECT
    read_row, file, crime_id, month, force, longitude, latitude, location, lsoa_code, lsoa_name, category, last_outcome,
    CASE
        WHEN longest_value > $max_value_bytes
            THEN 'value too long: a field holds ' || format('{:,}', longest_value) || ' bytes (police.uk values are '
                 || 'a few dozen; most likely a quote that is never closed)'
        WHEN month IS NULL
            THEN 'bad month: ' || coalesce('''' || month_text || '''', 'blank') || ' is not YYYY-MM'
        WHEN month < $first_month
            THEN 'bad month: ''' || month_text || ''' is before police.uk began (December 2010)'
        WHEN month > $this_month
            THEN 'bad month: ''' || month_text || ''' is after the current month ('
                 || strftime($this_month, '%Y-%m') || ')'
        WHEN force IS NULL
            THEN 'no force: ''Reported by'' is blank (name the force with --force-name)'
        WHEN category IS NULL
            THEN 'no crime type: ''Crime type'' is blank'
        WHEN longitude_blank <> latitude_blank
            THEN 'incomplete coordinates: only one of longitude and latitude is given'
        WHEN NOT longitude_blank AND (longitude IS NULL OR latitude IS NULL)
            THEN 'bad coordinates: ' || longitude_text || ', ' || latitude_text || ' are not numbers'
        WHEN longitude IS NOT NULL
             AND NOT (longitude BETWEEN $min_lon AND $max_lon AND latitude BETWEEN $min_lat AND $max_lat)
            THEN 'coordinates outside the UK: ' || longitude_text || ', ' || latitude_text
    END AS problem
FROM checked_points;
