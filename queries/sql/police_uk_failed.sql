-- police_uk_failed: the rows of street_checked that were read but failed a check, in file order, with the reason.
SELECT ord, problem
FROM street_checked
WHERE problem IS NOT NULL
ORDER BY ord;
