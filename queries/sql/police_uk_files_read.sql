-- police_uk_files_read: for each file read into street_checked (its place in the read's list), the number of its
-- first row in the read, how many rows were read and how many of them passed every check. A file none of whose
-- rows were read is absent.
SELECT file, min(read_row) AS first_row, count(*) AS rows_read, count(*) FILTER (WHERE problem IS NULL) AS accepted
FROM street_checked
GROUP BY file;
