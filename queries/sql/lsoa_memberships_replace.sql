-- lsoa_memberships_replace: before a lookup is stored, delete the memberships at its level of the LSOAs it gives
-- (the registered frame new_members), so each LSOA is in one area per level, the latest lookup's.
-- $level: the level the lookup builds.
DELETE FROM lsoa_memberships
WHERE level = $level AND lsoa_code IN (SELECT lsoa_code FROM new_members);
