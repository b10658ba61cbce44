-- police_uk_drop_checked: drop the checked rows of the file just stored, so they are not carried into the
-- published database.
DROP TABLE street_checked;
