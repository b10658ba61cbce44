-- quality_missing_force_months: a data-quality check (zero rows is healthy). Each force with police.uk data and
-- each month from the first to the latest month loaded for any force in which that force has no incidents at
-- all: a gap in its monthly series (a force that stopped publishing, or a month never loaded). Forces whose
-- rows all sit outside the loaded areas count too: a gap is about what was loaded, not where it falls.
WITH span AS (
    SELECT min(month) AS first_month, max(month) AS latest_month FROM incidents
),
months AS (
    SELECT CAST(m AS DATE) AS month
    FROM span, generate_series(span.first_month, span.latest_month, INTERVAL 1 MONTH) AS t(m)
),
forces AS (SELECT DISTINCT force FROM incidents),
held AS (SELECT DISTINCT force, month FROM incidents)
SELECT f.force, strftime(m.month, '%Y-%m') AS month
FROM forces AS f
CROSS JOIN months AS m
ANTI JOIN held AS h ON h.force = f.force AND h.month = m.month
ORDER BY f.force, m.month;
