-- police_uk_grid_create: the temp tables the accepted rows of street_checked are laid into, a chunk at a time
-- (queries/ingest/police_uk.py): street_grid, each row's file and grid coordinates (NULL where it has no point),
-- and street_points, the loaded LSOA found point-in-polygon for rows whose own LSOA code is not loaded.
CREATE OR REPLACE TEMP TABLE street_grid (read_row BIGINT, file BIGINT, easting DOUBLE, northing DOUBLE);
CREATE OR REPLACE TEMP TABLE street_points (read_row BIGINT, area_code VARCHAR);
