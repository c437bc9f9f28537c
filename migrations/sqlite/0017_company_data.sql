-- "Mes données professionnelles": what the authentic sources hold about companies, as their
-- administrations' files were imported (`espace sources import`): one row per company and
-- source, the record as JSON (domain::business_data::Record), replaced when a new file changes it.
CREATE TABLE company_data (
    national_id TEXT NOT NULL,
    source      TEXT NOT NULL,
    content     TEXT NOT NULL,
    -- when the portal last received a change of it, and from which operator's import
    updated_at  BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    PRIMARY KEY (national_id, source)
);
