-- rejects_drop_for_file: before a file is ingested again, delete the rejects recorded by earlier runs of a file
-- of the same kind and base name, so a file's rejects are always those of its latest ingest.
-- $kind: the kind of file (police-uk, population, survey, ...); $file_name: its base name; $keep: runs whose
-- rejects stay (the same command's, a list, most often empty).
DELETE FROM rejects
WHERE run_id IN (SELECT run_id FROM ingest_runs WHERE kind = $kind AND file_name = $file_name)
    AND NOT list_contains($keep, run_id);
