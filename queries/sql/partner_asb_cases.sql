-- partner_asb_cases: every ASB case with where it happened, its handling flags and the references used to count
-- repeat complaints (opaque ids only: never a person's details). The analysis chooses the months and counts each
-- case in the area of its level (partner_containing_areas).
SELECT
    case_id,
    asb_type,
    reported_at,
    closed_at,
    lsoa_code,
    area_code AS row_area,
    area_level AS row_level,
    easting,
    northing,
    responded_within_24h,
    named_caseworker,
    reviewed_monthly,
    repeat_victim,
    vulnerable_victim,
    victim_ref,
    location_ref,
    as_of
FROM asb_cases
ORDER BY reported_at, case_id;
