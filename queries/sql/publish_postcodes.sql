-- publish_postcodes: postcode -> LSOA from the loaded ONS postcode directory, only for loaded LSOAs (a full
-- postcode -> LSOA lookup is ONS open data), so residents can find their neighbourhood by postcode.
SELECT p.postcode, p.lsoa_code
FROM postcodes AS p
WHERE p.lsoa_code IN (SELECT code FROM areas WHERE level = 'lsoa')
ORDER BY p.postcode;
