-- repeats_locations: police.uk map points (anonymised: each incident is snapped to a nearby point) with incidents
-- in at least $min_months different months and at least $min_incidents incidents, busiest first. A point's LSOA
-- (from repeat_points) and location text are the ones most of its incidents carry; a tie goes to the first in
-- alphabetical order, so the answer is the same on every run (DuckDB's mode() breaks ties arbitrarily).
-- $months: DATE[] or NULL for all; $categories: VARCHAR[] or NULL for all;
-- $within_level, $within_code: only incidents in that area, or NULL; $min_months, $min_incidents: thresholds;
-- $box: only map points in [min easting, min northing, max easting, max northing), or NULL for all
-- (located_selection.sql defines the selection and the repeat points).
WITH selected AS (
    SELECT longitude, latitude, easting, northing, location, category
    FROM located_selection($months, $categories, $within_level, $within_code, box := $box)
),
qualifying AS (
    SELECT *
    FROM repeat_points($months, $categories, $within_level, $within_code, $min_months, $min_incidents, box := $box)
),
-- The details below are worked out only for the points that qualify: most points are not repeat locations.
at_repeats AS (
    SELECT s.* FROM selected AS s SEMI JOIN qualifying USING (longitude, latitude)
),
details AS (
    SELECT
        longitude,
        latitude,
        any_value(easting) AS easting,
        any_value(northing) AS northing,
        string_agg(DISTINCT category, '; ' ORDER BY category) AS categories
    FROM at_repeats
    GROUP BY longitude, latitude
),
commonest_location AS (
    SELECT longitude, latitude, first(location ORDER BY n DESC, location) AS location
    FROM (SELECT longitude, latitude, location, count(*) AS n FROM at_repeats GROUP BY ALL)
    GROUP BY longitude, latitude
)
SELECT
    p.longitude, p.latitude, d.easting, d.northing, c.location, p.lsoa_code,
    p.incidents, p.months, p.first_month, p.last_month, d.categories
FROM qualifying AS p
JOIN details AS d USING (longitude, latitude)
JOIN commonest_location AS c USING (longitude, latitude)
ORDER BY p.months DESC, p.incidents DESC, p.longitude, p.latitude;
