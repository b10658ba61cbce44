-- ingest_runs_last_finished: when the latest finished ingest run finished (NULL if none has), the date the public
-- file gives as when its data was last updated.
SELECT max(finished_at) AS finished_at FROM ingest_runs;
