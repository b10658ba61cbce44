-- publish_months: the latest $months months that have police.uk incidents, newest first (the public window).
-- $months: how many months at most.
SELECT DISTINCT month
FROM incidents
ORDER BY month DESC
LIMIT $months;
