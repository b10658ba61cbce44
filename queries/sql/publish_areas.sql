-- publish_areas: every loaded area with what a resident may see of it: level, code, name and residents.
-- Display outlines are added in Python (queries/publish.py) from the British National Grid geometry.
SELECT level, code, name, population, geometry
FROM areas
ORDER BY level, code;
