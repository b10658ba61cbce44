-- status_partner_data: rows held for each kind of partner data, and its label ('illustrative' for the demo's
-- generated data; 'real' where dataset_labels has no row for the kind).
WITH held AS (
    SELECT 'survey' AS kind, count(*) AS rows FROM survey_responses
    UNION ALL SELECT 'asb-cases', count(*) FROM asb_cases
    UNION ALL SELECT 'teams', count(*) FROM teams
    UNION ALL SELECT 'contacts', count(*) FROM contacts
    UNION ALL SELECT 'ae-assaults', count(*) FROM ae_assaults
    UNION ALL SELECT 'agreements', count(*) FROM neighbourhood_priorities
    UNION ALL SELECT 'targets', count(*) FROM targets
)
SELECT held.kind, held.rows, coalesce(labels.label, 'real') AS label
FROM held
LEFT JOIN dataset_labels AS labels USING (kind)
ORDER BY held.kind;
