-- police_uk_stage: read one police.uk street-level CSV into the temp table street_raw, every value as text.
-- Rows DuckDB cannot parse (wrong number of columns, bad encoding, bad quoting) are not in street_raw: they go
-- to the temp table reject_errors with their line number. WITH ORDINALITY numbers the accepted rows in file
-- order (ord), which is how each row's line number is worked out afterwards.
-- $path: the CSV file; $columns: the file's columns in order, renamed to cspmap's names, all VARCHAR.
CREATE OR REPLACE TEMP TABLE street_raw AS
SELECT * RENAME (ordinality AS ord)
FROM read_csv(
    $path,
    header = true,
    columns = $columns,
    delim = ',',
    quote = '"',
    escape = '"',
    store_rejects = true
) WITH ORDINALITY;
