-- ingest_run_start: open the ingest_runs row of one file and return its run_id; the counts are set when it ends.
-- $kind, $source_file (as shown to the user), $file_name (base name), $sha256 (of its bytes), $now.
INSERT INTO ingest_runs (kind, source_file, file_name, sha256, started_at)
VALUES ($kind, $source_file, $file_name, $sha256, $now)
RETURNING run_id;
