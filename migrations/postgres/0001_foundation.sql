-- Persons, their certificates, business eSpaces and memberships.
-- The PostgreSQL twin of migrations/sqlite, file for file and column for column (the repositories
-- run the same SQL on both, and `espace copy` copies every column as it is).

CREATE TABLE persons (
    id          TEXT PRIMARY KEY,
    given_name  TEXT NOT NULL,
    family_name TEXT NOT NULL,
    email       TEXT NOT NULL,
    phone       TEXT,
    function    TEXT,
    -- interface language the person chose (fr, de, en); NULL until they choose
    language    TEXT,
    created_at  BIGINT NOT NULL
);

CREATE TABLE certificates (
    ssn         TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES persons(id),
    product     TEXT NOT NULL,
    revoked     BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX certificates_person ON certificates(person_id);

CREATE TABLE espaces (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    procedure_language TEXT,
    denomination       TEXT,
    trade_name         TEXT,
    website            TEXT,
    national_id        TEXT,
    vat_number         TEXT,
    nace_code          TEXT,
    rcs_number         TEXT,
    owner_person_id    TEXT NOT NULL REFERENCES persons(id),
    created_at         BIGINT NOT NULL
);

-- A member starts as an invitation addressed to one SSN; person_id is known once accepted.
CREATE TABLE members (
    id           TEXT PRIMARY KEY,
    espace_id    TEXT NOT NULL REFERENCES espaces(id),
    person_id    TEXT REFERENCES persons(id),
    given_name   TEXT NOT NULL,
    family_name  TEXT NOT NULL,
    email        TEXT NOT NULL,
    invited_ssn  TEXT NOT NULL,
    access_scope TEXT NOT NULL,
    role         TEXT NOT NULL,
    status       TEXT NOT NULL,
    invited_by   TEXT REFERENCES persons(id),
    created_at   BIGINT NOT NULL
);
CREATE INDEX members_espace_name ON members(espace_id, family_name, given_name, id);
CREATE INDEX members_person ON members(person_id);
