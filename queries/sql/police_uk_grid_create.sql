-- police_uk_grid_create: the temp tables the accepted rows of street_checked are laid into, a chunk at a time
-- (queries/ingest/police_uk.py): street_grid, each row's grid coordinates (NULL where it has no point), and
-- street_points, the loaded LSOA found point-in-polygon for rows whose own LSOA code is not loaded.
CREATE OR REPLACE TEMP TABLE street_grid (ord BIGINT, easting DOUBLE, northing DOUBLE);
CREATE OR REPLACE TEMP TABLE street_points (ord BIGINT, area_code VARCHAR);
