-- police_uk_last_row: the number of the last row read into street_checked (NULL: no rows).
SELECT max(read_row) FROM street_checked;
