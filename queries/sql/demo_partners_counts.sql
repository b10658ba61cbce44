-- demo_partners_counts: police.uk incidents per loaded LSOA and month, all and by the categories the illustrative
-- partner-data generator follows (ASB for cases, violence for A&E assaults).
SELECT
    area_code AS lsoa_code,
    month,
    count(*) AS incidents,
    count(*) FILTER (WHERE category = 'Anti-social behaviour') AS asb,
    count(*) FILTER (WHERE category = 'Violence and sexual offences') AS violence
FROM incidents
WHERE area_code IS NOT NULL
GROUP BY area_code, month
ORDER BY area_code, month;
