-- area_names: the name of every loaded area at any level, by code, so a note can say "Calderdale" rather than
-- "E08000033". An area without a name is left out (its code is all there is). A code loaded at two levels with
-- two names keeps the name of the first level in alphabetical order.
SELECT code, arg_min(name, level) AS name
FROM areas
WHERE name IS NOT NULL AND name <> ''
GROUP BY code;
