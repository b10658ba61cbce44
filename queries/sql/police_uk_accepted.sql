-- police_uk_accepted: one chunk of the rows of street_checked that passed every check, by their order in the
-- read, with their file, coordinates and whether their own LSOA code is loaded (only rows whose LSOA is not
-- loaded are placed by their point).
-- $first_row, $last_row: the chunk (inclusive).
SELECT read_row, file, longitude, latitude, lsoa_is_loaded(lsoa_code) AS lsoa_loaded
FROM street_checked
WHERE problem IS NULL AND read_row BETWEEN $first_row AND $last_row;
