-- rejects_insert: store the rows of one run that were read and not stored, from the registered frame
-- new_rejects (line, reason, raw).
-- $run_id: the ingest run; $kind: the kind of file; $source_file: the file as shown to the user.
INSERT INTO rejects (run_id, kind, source_file, line, reason, raw)
SELECT $run_id, $kind, $source_file, line, reason, raw
FROM new_rejects;
