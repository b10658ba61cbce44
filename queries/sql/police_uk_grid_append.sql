-- police_uk_grid_append: add one chunk's registered frames grid_chunk (ord, easting, northing) and points_chunk
-- (ord, area_code) to street_grid and street_points.
INSERT INTO street_grid SELECT ord, easting, northing FROM grid_chunk;
INSERT INTO street_points SELECT ord, area_code FROM points_chunk;
