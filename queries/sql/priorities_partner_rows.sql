-- priorities_partner_rows: whether a partner-data table exists and roughly how many rows it holds (0 rows: none
-- exists, or it is empty), without naming the table in the SQL text.
-- $table: the table's name.
SELECT coalesce(max(estimated_size), 0) AS rows
FROM duckdb_tables()
WHERE table_name = $table;
