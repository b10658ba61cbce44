-- police_uk_reader_reset: drop the tables where DuckDB's CSV reader records the rows it could not parse, so that
-- a file's rejects never include those of the file read before it.
DROP TABLE IF EXISTS reject_errors;
DROP TABLE IF EXISTS reject_scans;
