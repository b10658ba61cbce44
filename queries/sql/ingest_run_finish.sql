-- ingest_run_finish: close an ingest run with its row counts (rows read = rows stored + rows rejected).
-- $run_id; $read, $stored, $rejected: row counts; $now: when it finished.
UPDATE ingest_runs
SET rows_read = $read, rows_stored = $stored, rows_rejected = $rejected, finished_at = $now
WHERE run_id = $run_id;
