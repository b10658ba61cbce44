-- police_uk_failed: the rows of street_checked that were read but failed a check, in the order read, with their
-- file and the reason.
SELECT file, read_row, problem
FROM street_checked
WHERE problem IS NOT NULL
ORDER BY read_row;
