-- police_uk_accepted: the rows of street_checked that passed every check, with their coordinates and whether
-- their own LSOA code is loaded (only rows whose LSOA is not loaded are placed by their point).
SELECT ord, longitude, latitude, lsoa_is_loaded(lsoa_code) AS lsoa_loaded
FROM street_checked
WHERE problem IS NULL;
