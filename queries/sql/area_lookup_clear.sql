-- area_lookup_clear: empty area_lookup before it is rebuilt from the loaded boundaries.
DELETE FROM area_lookup;
