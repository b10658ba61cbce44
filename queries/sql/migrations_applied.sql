-- migrations_applied: the version of every migration the database has had, one row each.
SELECT version FROM schema_migrations ORDER BY version;
