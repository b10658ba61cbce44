-- status_duplicate_crime_ids: (force, month) batches in which a non-blank Crime ID is given to more than one
-- incident, with how many ids are repeated and how many incidents carry them. Zero rows means none; police.uk
-- gives ASB no Crime ID, so blank ids are never counted.
SELECT
    force,
    strftime(month, '%Y-%m') AS month,
    count(*) AS repeated_ids,
    sum(uses) AS incidents,
    min(crime_id) AS example
FROM (
    SELECT force, month, crime_id, count(*) AS uses
    FROM incidents
    WHERE crime_id IS NOT NULL AND trim(crime_id) <> ''
    GROUP BY force, month, crime_id
    HAVING count(*) > 1
)
GROUP BY force, month
ORDER BY force, month;
