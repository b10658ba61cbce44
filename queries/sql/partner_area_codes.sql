-- partner_area_codes: every loaded area code with its level, for placing partner rows. LSOAs come first, then
-- levels with more (so smaller) areas, so that a code loaded at two levels is taken at the finer one.
SELECT code, level
FROM areas
ORDER BY level <> 'lsoa', count(*) OVER (PARTITION BY level) DESC, level, code;
