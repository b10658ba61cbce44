-- dataset_labels_set: label a kind of data (e.g. 'illustrative' for the demo's generated partner data).
-- $kind: as in ingest_runs.kind; $label: the label; $note: a sentence saying what the label means here.
INSERT OR REPLACE INTO dataset_labels (kind, label, note) VALUES ($kind, $label, $note);
