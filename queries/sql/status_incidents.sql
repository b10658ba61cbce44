-- status_incidents: incidents per force and month, and how they were placed in the loaded areas.
SELECT
    force,
    strftime(month, '%Y-%m') AS month,
    count(*) AS incidents,
    count(*) FILTER (WHERE placement = 'lsoa_code') AS by_lsoa_code,
    count(*) FILTER (WHERE placement = 'point') AS by_point,
    count(*) FILTER (WHERE placement = 'outside') AS outside_areas,
    count(*) FILTER (WHERE placement = 'no_location') AS no_location
FROM incidents
GROUP BY force, month
ORDER BY force, month;
