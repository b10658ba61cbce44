-- postcodes_insert: store a postcode directory's accepted rows (the registered frame new_postcodes, in the
-- table's column order).
INSERT INTO postcodes SELECT * FROM new_postcodes;
