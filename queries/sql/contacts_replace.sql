-- contacts_replace: before storing a contacts file, delete the contacts a file of the same name brought before and
-- any contact for an (area, agency, role) the new file gives again (agency and role compared ignoring case).
-- $file_name: the file's base name; registered frame batch: the file's accepted rows.
DELETE FROM contacts AS c
WHERE c.source_file = $file_name
   OR EXISTS (
        SELECT 1
        FROM batch AS b
        WHERE b.area_code = c.area_code AND lower(b.agency) = lower(c.agency) AND lower(b.role) = lower(c.role)
   );
