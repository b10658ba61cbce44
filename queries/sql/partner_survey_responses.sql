-- partner_survey_responses: every survey response with where it was given and the answers cspmap measures.
-- The analysis chooses the months and counts each response in the area of its level (partner_containing_areas).
SELECT
    response_id,
    response_date,
    lsoa_code,
    area_code AS row_area,
    area_level AS row_level,
    weight,
    confidence_agree,
    feels_safe_after_dark,
    asb_big_problem,
    knows_how_to_contact
FROM survey_responses
ORDER BY response_date, response_id;
