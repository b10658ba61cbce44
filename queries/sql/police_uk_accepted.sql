-- police_uk_accepted: one chunk of the rows of street_checked that passed every check, by their order in the
-- file, with their coordinates and whether their own LSOA code is loaded (only rows whose LSOA is not loaded are
-- placed by their point).
-- $first_ord, $last_ord: the chunk (inclusive).
SELECT ord, longitude, latitude, lsoa_is_loaded(lsoa_code) AS lsoa_loaded
FROM street_checked
WHERE problem IS NULL AND ord BETWEEN $first_ord AND $last_ord;
