-- postcodes_replace: before storing a postcode directory, delete the postcodes a file of the same name brought
-- before and any postcode the new file gives again.
-- $name: the file's base name; registered frame new_postcodes: the file's accepted rows.
DELETE FROM postcodes WHERE source_file = $name OR postcode IN (SELECT postcode FROM new_postcodes);
