-- rejects_list: rejected rows, newest ingest first, optionally for files whose name contains $file.
-- $file: part of a file name, or NULL for all; $limit: how many rows at most.
SELECT r.kind, r.source_file, r.line, r.reason, r.raw
FROM rejects AS r
WHERE $file IS NULL OR contains(r.source_file, $file)
ORDER BY r.run_id DESC, r.line
LIMIT $limit;
