-- place_names_map_points: the police.uk map points (the anonymised points incidents are snapped to: street
-- centres, public places, premises) that the selection's incidents use, with the commonest location name at
-- each (ties alphabetical) and how many incidents. They sit on streets and public places, so drawn faintly they
-- show where the streets are without any map tiles.
-- $months: DATE[] or NULL for all; $categories: VARCHAR[] or NULL for all;
-- $within_level, $within_code: only incidents in that area, or NULL (located_selection.sql).
SELECT longitude, latitude, first(location ORDER BY n DESC, location) AS location, sum(n) AS incidents
FROM (
    SELECT longitude, latitude, location, count(*) AS n
    FROM located_selection($months, $categories, $within_level, $within_code)
    GROUP BY ALL
)
GROUP BY longitude, latitude
ORDER BY longitude, latitude;
