-- police_uk_unreadable: the rows DuckDB's reader could not parse (table reject_errors), one per line: a line can
-- have several errors, and the one on its first column is reported. Returns line, error_type, error_message, raw.
SELECT line, arg_min(error_type, column_idx), arg_min(error_message, column_idx), any_value(csv_line)
FROM reject_errors
GROUP BY line
ORDER BY line;
