-- migrations_record: note that migration $version ($name, its file name without the number) has been applied.
INSERT INTO schema_migrations (version, name) VALUES ($version, $name);
