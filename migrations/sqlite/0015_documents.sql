-- "Mes documents": the files an eSpace keeps for its procedures. In the database, so every app
-- server reads them, and in chunks, so that no request holds a whole file in memory: an upload
-- writes each chunk as it arrives, a download reads them one by one. A document is listed once
-- its last chunk is written (stored_at); an upload left unfinished is deleted later.
-- A procedure holds its own copy of each attachment (procedure_id): deleting the original from
-- the store leaves what was signed and submitted as it was.
CREATE TABLE documents (
    id         TEXT PRIMARY KEY,
    espace_id  TEXT NOT NULL REFERENCES espaces(id),
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       BIGINT NOT NULL,
    -- hex SHA-256 of the content, what a signature covers
    sha256     TEXT NOT NULL,
    added_at   BIGINT NOT NULL,
    -- the member's name, as it was then
    added_by   TEXT NOT NULL,
    stored_at  BIGINT,
    -- NULL: in the eSpace's store; else the procedure whose attachment it is
    procedure_id TEXT REFERENCES procedures(id)
);
CREATE INDEX documents_espace ON documents(espace_id, stored_at);
CREATE INDEX documents_procedure ON documents(procedure_id);
CREATE TABLE document_chunks (
    document_id TEXT NOT NULL REFERENCES documents(id),
    position    BIGINT NOT NULL,
    content     BLOB NOT NULL,
    PRIMARY KEY (document_id, position)
);
