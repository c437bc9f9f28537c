-- Online procedures (démarches) of an eSpace, from the catalogue (src/domain/procedure).
CREATE TABLE procedures (
    id                TEXT PRIMARY KEY,
    espace_id         TEXT NOT NULL REFERENCES espaces(id),
    -- the catalogue's id of its definition
    kind              TEXT NOT NULL,
    -- the principal company's national identifier, when filed for a principal
    principal_company TEXT,
    -- fixed at creation (seed 001 §6.8.2)
    language          TEXT NOT NULL,
    -- what was typed, a JSON object by field name
    content           TEXT NOT NULL,
    -- draft | to_correct | submitted
    status            TEXT NOT NULL,
    -- the operator's, when returned for correction
    comment           TEXT,
    reference         TEXT UNIQUE,
    submitted_at      BIGINT,
    created_by        TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_by        TEXT NOT NULL,
    updated_at        BIGINT NOT NULL,
    -- counts saves; a save names the version it started from, a signature the one it signed
    version           BIGINT NOT NULL
);
CREATE INDEX procedures_espace ON procedures(espace_id, status, updated_at);

-- Signatures, kept: one holds only while the procedure is still at the version it signed.
CREATE TABLE procedure_signatures (
    procedure_id    TEXT NOT NULL REFERENCES procedures(id),
    version         BIGINT NOT NULL,
    signer_person   TEXT NOT NULL REFERENCES persons(id),
    signer_name     TEXT NOT NULL,
    certificate_ssn TEXT NOT NULL,
    at              BIGINT NOT NULL,
    -- hex SHA-256 of exactly what was signed
    digest          TEXT NOT NULL,
    PRIMARY KEY (procedure_id, version)
);

-- Reference numbers, counted in the database so two servers never give the same one.
CREATE TABLE procedure_references (
    n            INTEGER PRIMARY KEY AUTOINCREMENT,
    procedure_id TEXT NOT NULL UNIQUE REFERENCES procedures(id)
);
