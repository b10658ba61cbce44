-- 0003_postcodes: postcode -> LSOA from the ONS postcode directory (ONSPD or NSPL, open data), so residents can
-- find their neighbourhood by postcode on the public map. Only the postcode and its LSOA are kept: the
-- directory's other columns (coordinates, dates, other geographies) are not needed and not stored.
CREATE TABLE postcodes (
    postcode    VARCHAR PRIMARY KEY,  -- normalised: upper case, one space before the inward code ("HX1 1AA")
    lsoa_code   VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    run_id      INTEGER NOT NULL,
    source_line BIGINT NOT NULL
);
