-- partner_labels: the labels (e.g. 'illustrative' for the demo's generated data) of some kinds of partner data;
-- kinds with no row are real data.
-- $kinds: VARCHAR[] of kinds as in ingest_runs.kind ('survey', 'asb-cases', 'teams', ...).
SELECT kind, label, note
FROM dataset_labels
WHERE list_contains($kinds, kind)
ORDER BY kind;
