-- dataset_labels: the label of every kind of data that has one (e.g. 'illustrative' for the demo's generated
-- partner data); kinds with no row are real data.
SELECT kind, label FROM dataset_labels;
