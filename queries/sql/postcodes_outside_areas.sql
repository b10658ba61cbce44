-- postcodes_outside_areas: how many postcodes a file brought are in LSOAs that are not loaded (stored, but not
-- published until they are). $name: the file's base name.
SELECT count(*) AS postcodes
FROM postcodes
WHERE source_file = $name AND lsoa_code NOT IN (SELECT code FROM areas WHERE level = 'lsoa');
