-- place_names_cells: the police.uk location names ("On or near High Street") in each grid cell, commonest first,
-- up to $top per cell. A cell is (grid_x, grid_y) = floor(easting / $cell_size), floor(northing / $cell_size):
-- cspmap's lattice is aligned to multiples of the cell size, so these are the same cells whatever areas are loaded.
-- Names are ranked by the selection's incidents, then by all incidents in the cell (so a cell with none of the
-- selected incidents is still named by what happens there), then alphabetically, so ties break the same way on
-- every run. Only incidents placed in the loaded areas with coordinates and a location name count.
-- $cell_size: metres; $top: names per cell; $months: DATE[] or NULL for all; $categories: VARCHAR[] or NULL for
-- all; $within_level, $within_code: only incidents in that area count as selected, or NULL;
-- $min_grid_x, $max_grid_x, $min_grid_y, $max_grid_y: only cells in that range are named (every cell that could be
-- on the grid within the chosen area), or NULL for every cell.
WITH located AS (
    SELECT
        floor(i.easting / $cell_size)::BIGINT AS grid_x,
        floor(i.northing / $cell_size)::BIGINT AS grid_y,
        i.location,
        ($months IS NULL OR list_contains($months, i.month))
            AND ($categories IS NULL OR list_contains($categories, i.category))
            AND ($within_level IS NULL OR i.area_code IN (
                SELECT lsoa_code FROM area_lookup WHERE level = $within_level AND area_code = $within_code))
            AS selected
    FROM incidents AS i
    WHERE i.area_code IS NOT NULL
      AND i.easting IS NOT NULL
      AND i.northing IS NOT NULL
      AND nullif(trim(i.location), '') IS NOT NULL
      AND ($min_grid_x IS NULL OR (
          floor(i.easting / $cell_size) BETWEEN $min_grid_x AND $max_grid_x
          AND floor(i.northing / $cell_size) BETWEEN $min_grid_y AND $max_grid_y))
),
counted AS (
    SELECT grid_x, grid_y, location, count(*) FILTER (WHERE selected) AS selected_incidents, count(*) AS incidents
    FROM located
    GROUP BY ALL
),
ranked AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY grid_x, grid_y ORDER BY selected_incidents DESC, incidents DESC, location
        ) AS place_rank
    FROM counted
)
SELECT grid_x, grid_y, place_rank, location, selected_incidents, incidents
FROM ranked
WHERE place_rank <= $top
ORDER BY grid_x, grid_y, place_rank;
