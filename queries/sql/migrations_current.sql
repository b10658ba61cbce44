-- migrations_current: the database's schema version (the latest migration applied; NULL if none).
SELECT max(version) AS version FROM schema_migrations;
