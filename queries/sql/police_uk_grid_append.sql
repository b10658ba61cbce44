-- police_uk_grid_append: add one chunk's registered frames grid_chunk (read_row, file, easting, northing) and
-- points_chunk (read_row, area_code) to street_grid and street_points.
INSERT INTO street_grid SELECT read_row, file, easting, northing FROM grid_chunk;
INSERT INTO street_points SELECT read_row, area_code FROM points_chunk;
