-- patrol_cell_counts: what happens in each of the patrol brief's numbered cells, by category and by month: every
-- incident in the cell that the selection holds (located_selection.sql), even where the cell reaches into the next
-- patch (as the cell's score counts it). A cell is keyed as the brief keys it: the lattice is aligned to multiples
-- of the cell size, so a point is in cell (floor(easting / $size), floor(northing / $size)).
-- $grid_x, $grid_y: the cells' keys, in pairs; $size: the cell size in metres;
-- $months, $categories, $within_level, $within_code: the selection, as located_selection takes it.
WITH cells AS (
    SELECT unnest($grid_x::DOUBLE[]) AS grid_x, unnest($grid_y::DOUBLE[]) AS grid_y
),
in_cells AS MATERIALIZED (
    SELECT c.grid_x, c.grid_y, i.month, i.category
    FROM located_selection($months, $categories, $within_level, $within_code) AS i
    JOIN cells AS c ON floor(i.easting / $size) = c.grid_x AND floor(i.northing / $size) = c.grid_y
)
SELECT grid_x, grid_y, 'category' AS kind, category AS value, count(*) AS incidents
FROM in_cells
GROUP BY ALL
UNION ALL
SELECT grid_x, grid_y, 'month' AS kind, strftime(month, '%Y-%m') AS value, count(*) AS incidents
FROM in_cells
GROUP BY ALL;
