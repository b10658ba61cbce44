-- areas_lookup_levels: the levels built by dissolving LSOAs through a lookup file, by name.
SELECT DISTINCT level FROM lsoa_memberships ORDER BY level;
