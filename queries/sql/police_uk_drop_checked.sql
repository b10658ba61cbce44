-- police_uk_drop_checked: drop the checked rows of the file just stored and their grid coordinates and points,
-- so they are not carried into the published database.
DROP TABLE street_checked;
DROP TABLE street_grid;
DROP TABLE street_points;
