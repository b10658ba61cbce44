-- located_selection: the one definition of "the selection's incidents that have a map point", as a table macro on
-- this connection: the incidents in the loaded areas with coordinates, of the chosen months and categories, in
-- the chosen area. Read by the repeat locations (repeats_locations.sql, repeats_located_total.sql) and the map
-- points drawn under the hot spots (place_names_map_points.sql), so all three count the same incidents.
-- months: DATE[] or NULL for all; categories: VARCHAR[] or NULL for all;
-- within_level, within_code: only incidents in that area, or NULL.
CREATE OR REPLACE TEMP MACRO located_selection(months, categories, within_level, within_code) AS TABLE
    SELECT i.*
    FROM incidents AS i
    WHERE i.area_code IS NOT NULL
      AND i.longitude IS NOT NULL
      AND (months IS NULL OR list_contains(months, i.month))
      AND (categories IS NULL OR list_contains(categories, i.category))
      AND (within_level IS NULL OR i.area_code IN (
          SELECT lsoa_code FROM area_lookup WHERE level = within_level AND area_code = within_code));
