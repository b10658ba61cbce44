-- police_uk_unreadable: the rows DuckDB's reader could not parse (table reject_errors), by file (reject_scans)
-- and line: a line can have several errors, and the one on its first column is reported. Returns the file's path
-- as read, line, error_type, error_message, raw.
SELECT s.file_path, e.line, arg_min(e.error_type, e.column_idx), arg_min(e.error_message, e.column_idx),
    any_value(e.csv_line)
FROM reject_errors AS e
JOIN reject_scans AS s ON s.scan_id = e.scan_id AND s.file_id = e.file_id
GROUP BY s.file_path, e.line
ORDER BY s.file_path, e.line;
