-- publish_priorities: priorities agreed with residents per area and what is being done about each (the service
-- standard promised), with the month they were set and are due for review (months only).
SELECT p.area_level AS level, p.area_code, p.priority, p.service_standard AS action, p.agreed_at,
       strftime(p.date_set, '%Y-%m') AS month_set, strftime(p.review_date, '%Y-%m') AS review_month
FROM neighbourhood_priorities AS p
ORDER BY p.area_level, p.area_code, p.date_set, p.priority_id;
