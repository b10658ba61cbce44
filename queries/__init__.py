"""DuckDB: schema and migrations, ingest, SQL files and the analysis built on them."""
