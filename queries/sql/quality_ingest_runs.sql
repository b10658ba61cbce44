-- quality_ingest_runs: every ingest run, latest first: what kind of file, which file, rows read, stored and
-- rejected, and when it finished (NULL: it did not finish).
SELECT run_id, kind, file_name, source_file, rows_read, rows_stored, rows_rejected,
       strftime(finished_at, '%Y-%m-%d %H:%M') AS finished_at
FROM ingest_runs
ORDER BY run_id DESC;
