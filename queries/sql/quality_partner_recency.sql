-- quality_partner_recency: each kind of partner data: rows held, the earliest and latest date its rows carry
-- (NULL for kinds without dates: teams and contacts), when it was last loaded, and its label ('illustrative' for
-- the demo's generated data, 'real' otherwise). Kinds with no rows are listed with 0, so a missing kind shows.
WITH held AS (
    SELECT 'survey' AS kind, count(*) AS rows, min(response_date) AS first_date, max(response_date) AS latest_date
    FROM survey_responses
    UNION ALL SELECT 'asb-cases', count(*), min(reported_at)::DATE, max(reported_at)::DATE FROM asb_cases
    UNION ALL SELECT 'ae-assaults', count(*), min(assault_date), max(assault_date) FROM ae_assaults
    UNION ALL SELECT 'agreements', count(*), min(date_set), max(date_set) FROM neighbourhood_priorities
    UNION ALL SELECT 'targets', count(*), min(set_on), max(set_on) FROM targets
    UNION ALL SELECT 'teams', count(*), NULL, NULL FROM teams
    UNION ALL SELECT 'contacts', count(*), NULL, NULL FROM contacts
),
loaded AS (
    SELECT kind, strftime(max(finished_at), '%Y-%m-%d %H:%M') AS last_loaded FROM ingest_runs GROUP BY kind
)
SELECT h.kind, h.rows, strftime(h.first_date, '%Y-%m-%d') AS first_date,
       strftime(h.latest_date, '%Y-%m-%d') AS latest_date, l.last_loaded, coalesce(d.label, 'real') AS label
FROM held AS h
LEFT JOIN loaded AS l USING (kind)
LEFT JOIN dataset_labels AS d USING (kind)
ORDER BY h.kind;
