-- repeats_located_total: how many selected incidents in the loaded areas have a map point.
-- $months, $categories, $within_level, $within_code, $box: as in repeats_locations.sql (located_selection.sql).
SELECT count(*) AS incidents
FROM located_selection($months, $categories, $within_level, $within_code, box := $box);
