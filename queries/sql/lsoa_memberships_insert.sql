-- lsoa_memberships_insert: store a lookup's accepted rows (the registered frame new_members).
INSERT INTO lsoa_memberships
SELECT level, lsoa_code, area_code, area_name, source_file
FROM new_members;
