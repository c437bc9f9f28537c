-- Requests to have an eSpace certified for a field of activity (seed 001 §6.6), with their
-- supporting documents; an operator approves or rejects them in the back office.
CREATE TABLE certification_requests (
    id           TEXT PRIMARY KEY,
    espace_id    TEXT NOT NULL REFERENCES espaces(id),
    domain       TEXT NOT NULL,
    description  TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    -- the member's name, as it was then
    submitted_by TEXT NOT NULL,
    -- submitted | approved | rejected
    status       TEXT NOT NULL,
    decided_at   BIGINT,
    -- the operator who decided
    decided_by   TEXT,
    -- why it was rejected
    reason       TEXT
);
CREATE INDEX certification_requests_espace ON certification_requests(espace_id, submitted_at);
CREATE INDEX certification_requests_open ON certification_requests(status, submitted_at);

-- The documents, in the database so every app server reads them; their kind was read from
-- their content when they were received.
CREATE TABLE certification_documents (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES certification_requests(id),
    position   BIGINT NOT NULL,
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       BIGINT NOT NULL,
    content    BYTEA NOT NULL
);
CREATE INDEX certification_documents_request ON certification_documents(request_id, position);
