-- Wrong access codes typed into an eSpace, to slow guessing down; in the database so the limit
-- holds across app servers. Rows older than the counting window are deleted as new ones come.
CREATE TABLE code_attempts (
    espace_id TEXT NOT NULL REFERENCES espaces(id),
    at        BIGINT NOT NULL
);
CREATE INDEX code_attempts_espace ON code_attempts(espace_id, at);
-- certifications and mandates are the codes an eSpace registered
CREATE INDEX access_codes_used_by ON access_codes(used_by_espace);
