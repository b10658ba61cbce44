-- located_selection: the one definition of "the selection's incidents that have a map point", as a table macro on
-- this connection: the incidents in the loaded areas with coordinates, of the chosen months and categories, in
-- the chosen area. Read by the repeat locations (repeat_points below, repeats_located_total.sql) and the map
-- points drawn under the hot spots (place_names_map_points.sql) and the patrol brief's cells (patrol_cell_counts.sql),
-- so all of them count the same incidents.
-- months: DATE[] or NULL for all; categories: VARCHAR[] or NULL for all;
-- within_level, within_code: only incidents in that area, or NULL;
-- box (optional, named): only map points with box[1] <= easting < box[3] and box[2] <= northing < box[4] (metres,
-- EPSG:27700), as the patrol brief asks around its cells. A map point is in or out with all its incidents.
CREATE OR REPLACE TEMP MACRO located_selection(months, categories, within_level, within_code, box := NULL) AS TABLE
    SELECT i.*
    FROM incidents AS i
    WHERE i.area_code IS NOT NULL
      AND i.longitude IS NOT NULL
      AND (months IS NULL OR list_contains(months, i.month))
      AND (categories IS NULL OR list_contains(categories, i.category))
      AND (within_level IS NULL OR i.area_code IN (
          SELECT lsoa_code FROM area_lookup WHERE level = within_level AND area_code = within_code))
      AND (box IS NULL OR (
          i.easting >= box[1] AND i.northing >= box[2] AND i.easting < box[3] AND i.northing < box[4]));

-- repeat_points: the one definition of a repeat location, as a table macro: the selection's map points (above) with
-- incidents in at least min_months different months and at least min_incidents incidents, with those counts, their
-- first and last month, and the LSOA most of the point's incidents carry (a tie to the first code in order). Read by
-- repeats_locations.sql (each point's details) and repeats_by_lsoa.sql (counts per LSOA for the priority index).
-- One group a point and LSOA, its months as a bitstring (bit k for month k counted from year 0; DuckDB sizes it from
-- the month column's statistics): police.uk has a fixed set of map points, so this is far fewer groups than a
-- point-month each, and or-ing a point's bitstrings counts its distinct months exactly.
CREATE OR REPLACE TEMP MACRO repeat_points(
    months, categories, within_level, within_code, min_months, min_incidents, box := NULL
) AS TABLE
    SELECT
        longitude,
        latitude,
        sum(n)::BIGINT AS incidents,
        bit_count(bit_or(months_seen)) AS months,
        min(first_month) AS first_month,
        max(last_month) AS last_month,
        first(area_code ORDER BY n DESC, area_code) AS lsoa_code
    FROM (
        SELECT
            longitude,
            latitude,
            area_code,
            count(*) AS n,
            min(month) AS first_month,
            max(month) AS last_month,
            bitstring_agg(year(month) * 12 + month(month) - 1) AS months_seen
        FROM located_selection(months, categories, within_level, within_code, box := box)
        GROUP BY longitude, latitude, area_code
    )
    GROUP BY longitude, latitude
    HAVING bit_count(bit_or(months_seen)) >= min_months AND sum(n) >= min_incidents;
