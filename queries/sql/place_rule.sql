-- place_rule: the one definition of where an incident is placed, as macros on this connection. The loaded LSOA
-- whose code police.uk gave it comes first ('lsoa_code'); else the loaded LSOA its point falls in ('point');
-- else 'no_location' when it has neither a point nor an LSOA code; else 'outside'. Used when incidents are
-- stored (police_uk_insert.sql) and when they are placed again after boundaries change (place_by_*.sql).
CREATE OR REPLACE TEMP MACRO lsoa_is_loaded(given_lsoa) AS
    given_lsoa IN (SELECT code FROM areas WHERE level = 'lsoa');

-- lsoa_loaded: lsoa_is_loaded(the incident's LSOA code); point_area: the LSOA found point-in-polygon, or NULL.
CREATE OR REPLACE TEMP MACRO placed_area(lsoa_loaded, given_lsoa, point_area) AS
    CASE WHEN lsoa_loaded THEN given_lsoa ELSE point_area END;

CREATE OR REPLACE TEMP MACRO placement_of(lsoa_loaded, point_area, point_easting, given_lsoa) AS
    CASE
        WHEN lsoa_loaded THEN 'lsoa_code'
        WHEN point_area IS NOT NULL THEN 'point'
        WHEN point_easting IS NULL AND given_lsoa IS NULL THEN 'no_location'
        ELSE 'outside'
    END;
