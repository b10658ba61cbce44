-- targets_list: every target with its area, in area and indicator order.
SELECT t.area_code, t.area_level, a.name AS area_name, t.indicator, t.target_type, t.target, t.direction,
       t.baseline, t.baseline_period, t.deadline, t.set_on
FROM targets AS t
LEFT JOIN areas AS a ON a.level = t.area_level AND a.code = t.area_code
ORDER BY t.area_code, t.indicator, t.deadline;
