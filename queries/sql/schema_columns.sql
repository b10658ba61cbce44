-- schema_columns: every column of every table and view in the open file, with its DuckDB type, in table order,
-- for checking a public file against its allow-list.
SELECT table_name, column_name, data_type
FROM information_schema.columns
ORDER BY table_name, ordinal_position;
