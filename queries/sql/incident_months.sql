-- incident_months: every month that has incidents, oldest first.
SELECT DISTINCT month FROM incidents ORDER BY month;
