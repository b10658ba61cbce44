-- 0001_core: areas and their lookups, population, police.uk incidents, ingest runs and rejected rows.
-- These tables are a public contract (docs/schema.md): analysts query them with SQL. Change them only by
-- adding a new numbered migration, never by editing this file.

CREATE SEQUENCE ingest_run_ids START 1;

-- One row per file ingested, every time. A log: re-ingesting a file adds a run, it never changes data twice.
CREATE TABLE ingest_runs (
    run_id        INTEGER PRIMARY KEY DEFAULT nextval('ingest_run_ids'),
    kind          VARCHAR NOT NULL,
    source_file   VARCHAR NOT NULL,
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    rows_read     BIGINT,
    rows_stored   BIGINT,
    rows_rejected BIGINT,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP
);

-- Every row read and not stored, with where it came from and why. Re-ingesting a file of the same name
-- replaces that file's rejects.
CREATE TABLE rejects (
    run_id      INTEGER NOT NULL,
    kind        VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    line        BIGINT,
    reason      VARCHAR NOT NULL,
    raw         VARCHAR
);

CREATE TABLE areas (
    level          VARCHAR NOT NULL,
    code           VARCHAR NOT NULL,
    name           VARCHAR,
    geometry       BLOB NOT NULL,
    geometry_wgs84 BLOB NOT NULL,
    area_m2        DOUBLE NOT NULL,
    population     BIGINT,
    source_file    VARCHAR NOT NULL,
    PRIMARY KEY (level, code)
);

-- Levels built by dissolving LSOAs through a lookup file (for example MSOAs from the census file). Kept in
-- full, so the level is rebuilt correctly whichever order boundaries and lookups arrive in.
CREATE TABLE lsoa_memberships (
    level       VARCHAR NOT NULL,
    lsoa_code   VARCHAR NOT NULL,
    area_code   VARCHAR NOT NULL,
    area_name   VARCHAR,
    source_file VARCHAR NOT NULL,
    PRIMARY KEY (level, lsoa_code)
);

-- Every loaded LSOA to the area of each loaded level holding its point-on-surface (ONS best fit);
-- includes each LSOA to itself at level 'lsoa', so every level aggregates the same way.
CREATE TABLE area_lookup (
    lsoa_code VARCHAR NOT NULL,
    level     VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    PRIMARY KEY (lsoa_code, level)
);

CREATE TABLE population (
    code        VARCHAR PRIMARY KEY,
    population  BIGINT NOT NULL,
    source_file VARCHAR NOT NULL
);

CREATE TABLE incidents (
    id           UBIGINT NOT NULL,
    source       VARCHAR NOT NULL,
    force        VARCHAR NOT NULL,
    month        DATE NOT NULL,
    category     VARCHAR NOT NULL,
    crime_id     VARCHAR,
    lsoa_code    VARCHAR,
    lsoa_name    VARCHAR,
    longitude    DOUBLE,
    latitude     DOUBLE,
    easting      DOUBLE,
    northing     DOUBLE,
    location     VARCHAR,
    last_outcome VARCHAR,
    area_code    VARCHAR,
    placement    VARCHAR NOT NULL CHECK (placement IN ('lsoa_code', 'point', 'outside', 'no_location')),
    run_id       INTEGER NOT NULL,
    source_line  BIGINT NOT NULL
);
