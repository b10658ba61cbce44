-- located_selection: the one definition of "the selection's incidents that have a map point", as a table macro on
-- this connection: the incidents in the loaded areas with coordinates, of the chosen months and categories, in
-- the chosen area. Read by the repeat locations (repeat_points below, repeats_located_total.sql) and the map
-- points drawn under the hot spots (place_names_map_points.sql) and the patrol brief's cells (patrol_cell_counts.sql),
-- so all of them count the same incidents.
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

-- repeat_points: the one definition of a repeat location, as a table macro: the selection's map points (above) with
-- incidents in at least min_months different months and at least min_incidents incidents, with those counts and
-- their first and last month. Read by repeats_locations.sql (each point's details) and repeats_by_lsoa.sql (counts
-- per LSOA for the priority index). Distinct months are counted from point-month groups rather than with
-- count(DISTINCT month): cheaper, the same answer.
CREATE OR REPLACE TEMP MACRO repeat_points(months, categories, within_level, within_code, min_months, min_incidents)
AS TABLE
    SELECT
        longitude,
        latitude,
        sum(n)::BIGINT AS incidents,
        count(*) AS months,
        min(month) AS first_month,
        max(month) AS last_month
    FROM (
        SELECT longitude, latitude, month, count(*) AS n
        FROM located_selection(months, categories, within_level, within_code)
        GROUP BY ALL
    )
    GROUP BY longitude, latitude
    HAVING count(*) >= min_months AND sum(n) >= min_incidents;
