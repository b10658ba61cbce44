-- publish_no_location: how many incidents of the published months have no location (so are on no map), for the
-- public file's note. $months: DATE[] of the months.
SELECT count(*) AS incidents
FROM incidents
WHERE placement = 'no_location' AND list_contains($months, month);
