-- 0002_partner_data: data from community safety partners: resident survey responses, ASB case records,
-- neighbourhood teams (with the areas they cover, their staff and public meetings), named points of contact,
-- A&E assault records (Cardiff model), neighbourhood priorities and CSP targets; plus dataset_labels, which
-- marks generated (illustrative) data. File formats: docs/data-formats.md; tables: docs/schema.md.
--
-- Every partner table locates rows the same way: `area_code` and `area_level` say which loaded area the file
-- named (or, for rows given by coordinates, the LSOA the point fell in); `lsoa_code` is the loaded LSOA when
-- known, so that any level can be reached through area_lookup. `source_file` is the file's base name: a new
-- ingest of a file with the same name replaces what it brought before.
-- Personal data never reaches these tables: see queries/ingest/personal_data.py.

-- One row per survey response; shown only in aggregate. The respondent's coordinates, if the file had them,
-- were used to find the LSOA and then discarded.
CREATE TABLE survey_responses (
    response_id           VARCHAR PRIMARY KEY,
    response_date         DATE NOT NULL,
    lsoa_code             VARCHAR,
    area_code             VARCHAR NOT NULL,
    area_level            VARCHAR NOT NULL,
    located_by            VARCHAR NOT NULL CHECK (located_by IN ('area_code', 'point')),
    weight                DOUBLE NOT NULL CHECK (weight > 0),
    confidence            SMALLINT CHECK (confidence BETWEEN 1 AND 5),
    confidence_agree      BOOLEAN,
    safe_after_dark       SMALLINT CHECK (safe_after_dark BETWEEN 1 AND 4),
    feels_safe_after_dark BOOLEAN,
    asb_big_problem       BOOLEAN,
    knows_how_to_contact  BOOLEAN,
    source_file           VARCHAR NOT NULL,
    run_id                INTEGER NOT NULL,
    source_line           BIGINT NOT NULL
);

-- One row per ASB case from a council, housing or police case system, with the derived case-handling flags.
CREATE TABLE asb_cases (
    case_id              VARCHAR PRIMARY KEY,
    agency               VARCHAR,
    asb_type             VARCHAR NOT NULL,
    reported_at          TIMESTAMP NOT NULL,
    first_response_at    TIMESTAMP,
    closed_at            TIMESTAMP,
    caseworker_id        VARCHAR,
    named_caseworker     BOOLEAN,
    review_count         INTEGER,
    review_dates         DATE[],
    repeat_victim        BOOLEAN,
    vulnerable_victim    BOOLEAN,
    victim_ref           VARCHAR,
    location_ref         VARCHAR,
    lsoa_code            VARCHAR,
    area_code            VARCHAR NOT NULL,
    area_level           VARCHAR NOT NULL,
    located_by           VARCHAR NOT NULL CHECK (located_by IN ('area_code', 'point')),
    easting              DOUBLE,
    northing             DOUBLE,
    responded_within_24h BOOLEAN NOT NULL,
    reviewed_monthly     BOOLEAN,
    as_of                DATE NOT NULL,
    source_file          VARCHAR NOT NULL,
    run_id               INTEGER NOT NULL,
    source_line          BIGINT NOT NULL
);

-- Neighbourhood policing teams and partner teams deployed beside them. Contacts are the team's public ones.
CREATE TABLE teams (
    team_id       VARCHAR PRIMARY KEY,
    team_name     VARCHAR NOT NULL,
    agency        VARCHAR NOT NULL,
    team_type     VARCHAR NOT NULL CHECK (team_type IN ('police', 'partner')),
    contact_email VARCHAR,
    contact_phone VARCHAR,
    source_file   VARCHAR NOT NULL,
    run_id        INTEGER NOT NULL,
    source_line   BIGINT NOT NULL
);

-- The areas each team covers: codes at any loaded level, or the LSOAs inside a team boundary file.
CREATE TABLE team_areas (
    team_id    VARCHAR NOT NULL,
    area_code  VARCHAR NOT NULL,
    area_level VARCHAR NOT NULL,
    covered_by VARCHAR NOT NULL CHECK (covered_by IN ('area_code', 'boundary')),
    PRIMARY KEY (team_id, area_level, area_code)
);

-- Staff by role: sergeant, pc, pcso, match_funded_pcso for police teams; partner roles by name.
CREATE TABLE team_staff (
    team_id VARCHAR NOT NULL,
    role    VARCHAR NOT NULL,
    staff   DOUBLE NOT NULL CHECK (staff >= 0),
    PRIMARY KEY (team_id, role)
);

-- Public meetings: beat_meeting, face_the_people, asb_community_meeting, other.
CREATE TABLE team_meetings (
    team_id      VARCHAR NOT NULL,
    meeting_type VARCHAR NOT NULL,
    schedule     VARCHAR NOT NULL,
    PRIMARY KEY (team_id, meeting_type)
);

-- Each team to every loaded LSOA it covers, whatever level its areas were given at.
CREATE VIEW team_coverage AS
SELECT DISTINCT t.team_id, t.team_type, t.agency, l.lsoa_code
FROM teams AS t
JOIN team_areas AS a USING (team_id)
JOIN area_lookup AS l ON l.level = a.area_level AND l.area_code = a.area_code;

-- Named points of contact per area and partner agency: a role and its work contact, never a person's name.
-- Partner view only.
CREATE TABLE contacts (
    area_code   VARCHAR NOT NULL,
    area_level  VARCHAR NOT NULL,
    agency      VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,
    work_email  VARCHAR,
    work_phone  VARCHAR,
    source_file VARCHAR NOT NULL,
    run_id      INTEGER NOT NULL,
    source_line BIGINT NOT NULL,
    PRIMARY KEY (area_code, agency, role)
);

-- Assaults seen in A&E, anonymised as shared under the Cardiff model; shown only in aggregate. Coordinates,
-- if given, were used to find the LSOA and then discarded.
CREATE TABLE ae_assaults (
    site         VARCHAR NOT NULL,
    assault_date DATE NOT NULL,
    month        DATE NOT NULL,
    time_band    VARCHAR,
    lsoa_code    VARCHAR,
    area_code    VARCHAR,
    area_level   VARCHAR,
    located_by   VARCHAR CHECK (located_by IN ('area_code', 'point')),
    place_text   VARCHAR,
    weapon       VARCHAR,
    age_band     VARCHAR,
    source_file  VARCHAR NOT NULL,
    run_id       INTEGER NOT NULL,
    source_line  BIGINT NOT NULL
);

-- Priorities agreed with residents per neighbourhood, with the standard of service promised.
CREATE TABLE neighbourhood_priorities (
    priority_id      VARCHAR PRIMARY KEY,
    area_code        VARCHAR NOT NULL,
    area_level       VARCHAR NOT NULL,
    priority         VARCHAR NOT NULL,
    service_standard VARCHAR,
    agreed_at        VARCHAR,
    date_set         DATE NOT NULL,
    review_date      DATE,
    source_file      VARCHAR NOT NULL,
    run_id           INTEGER NOT NULL,
    source_line      BIGINT NOT NULL
);

-- Indicators with targets and deadlines, per CSP (or any area), so progress can be tracked.
CREATE TABLE targets (
    area_code       VARCHAR NOT NULL,
    area_level      VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    target_type     VARCHAR NOT NULL CHECK (target_type IN ('value', 'change_pct')),
    target          DOUBLE NOT NULL,
    direction       VARCHAR NOT NULL CHECK (direction IN ('increase', 'decrease')),
    baseline        DOUBLE,
    baseline_period VARCHAR,
    deadline        DATE NOT NULL,
    set_on          DATE,
    source_file     VARCHAR NOT NULL,
    run_id          INTEGER NOT NULL,
    source_line     BIGINT NOT NULL,
    PRIMARY KEY (area_code, indicator, deadline)
);

-- Kinds of data that are not real: the demo marks everything it generates 'illustrative', so the dashboard
-- can say so wherever it shows them. A kind with no row here is real data.
CREATE TABLE dataset_labels (
    kind  VARCHAR PRIMARY KEY,
    label VARCHAR NOT NULL,
    note  VARCHAR
);
