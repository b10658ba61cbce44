-- status_partner_data: rows held for each kind of partner data, and its label: 'not loaded' for a kind with no
-- rows, 'illustrative' for the demo's generated data, 'real' for loaded data with no row in dataset_labels.
WITH held AS (
    SELECT 'survey' AS kind, count(*) AS rows FROM survey_responses
    UNION ALL SELECT 'asb-cases', count(*) FROM asb_cases
    UNION ALL SELECT 'teams', count(*) FROM teams
    UNION ALL SELECT 'contacts', count(*) FROM contacts
    UNION ALL SELECT 'ae-assaults', count(*) FROM ae_assaults
    UNION ALL SELECT 'agreements', count(*) FROM neighbourhood_priorities
    UNION ALL SELECT 'targets', count(*) FROM targets
)
SELECT
    held.kind,
    held.rows,
    CASE WHEN held.rows = 0 THEN 'not loaded' ELSE coalesce(labels.label, 'real') END AS label
FROM held
LEFT JOIN dataset_labels AS labels USING (kind)
ORDER BY held.kind;
