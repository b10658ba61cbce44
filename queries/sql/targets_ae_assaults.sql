-- targets_ae_assaults: A&E assault attendances with their month and where they happened (NULL when the site did
-- not say), for counting against targets at any level.
SELECT month, lsoa_code, area_code AS row_area, area_level AS row_level
FROM ae_assaults
ORDER BY month;
