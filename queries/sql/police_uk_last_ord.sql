-- police_uk_last_ord: the order of the last row read from the file in street_checked (NULL: no rows).
SELECT max(ord) FROM street_checked;
