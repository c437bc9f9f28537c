-- "Mes communications": what an administration sends an eSpace (from the back office), about one
-- of its procedures or to the eSpace as a whole, and the members' replies (reply_to names the
-- message answered; a reply has no subject of its own).
CREATE TABLE messages (
    id             TEXT PRIMARY KEY,
    espace_id      TEXT NOT NULL REFERENCES espaces(id),
    procedure_id   TEXT REFERENCES procedures(id),
    reply_to       TEXT REFERENCES messages(id),
    -- the administration that sent it, or the member who replied, by name as it was then
    author         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    replies_allowed BOOLEAN NOT NULL,
    sent_at        BIGINT NOT NULL
);
CREATE INDEX messages_espace ON messages(espace_id, sent_at);
CREATE INDEX messages_reply_to ON messages(reply_to);
-- Read or unread is each person's own: a row once they have opened the message.
CREATE TABLE message_reads (
    message_id TEXT NOT NULL REFERENCES messages(id),
    person_id  TEXT NOT NULL REFERENCES persons(id),
    read_at    BIGINT NOT NULL,
    PRIMARY KEY (message_id, person_id)
);
-- The documents a message came with: kept apart from "Mes documents" until a member keeps one
-- there (a copy, as a procedure's attachment is).
ALTER TABLE documents ADD COLUMN message_id TEXT REFERENCES messages(id);
CREATE INDEX documents_message ON documents(message_id);
