-- population_replace: before population figures are stored, delete the figures held for the codes they give
-- (the registered frame new_population), so a later file's figure replaces an earlier one.
DELETE FROM population WHERE code IN (SELECT code FROM new_population);
