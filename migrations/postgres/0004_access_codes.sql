-- Access codes an administration issues per company (national identifier) and domain (seed 001
-- §6.7). Only the SHA-256 of a code is kept: the code itself is shown once, at issue.
CREATE TABLE access_codes (
    id                  TEXT PRIMARY KEY,
    code_hash           TEXT NOT NULL UNIQUE,
    company_national_id TEXT NOT NULL,
    domain              TEXT NOT NULL,
    -- owner | proxy
    kind                TEXT NOT NULL,
    activation_deadline BIGINT NOT NULL,
    -- NULL: no end of use set
    end_of_use          BIGINT,
    issued_at           BIGINT NOT NULL,
    -- the operator who issued it
    issued_by           TEXT NOT NULL,
    revoked_at          BIGINT,
    used_at             BIGINT,
    used_by_espace      TEXT REFERENCES espaces(id)
);
-- Only one owner code can be active by domain and by company (seed 001 §6.7.1); a code stays
-- active, used or not, until revoked.
CREATE UNIQUE INDEX access_codes_one_active_owner ON access_codes(company_national_id, domain)
    WHERE kind = 'owner' AND revoked_at IS NULL;
CREATE INDEX access_codes_company ON access_codes(company_national_id, domain, issued_at);
