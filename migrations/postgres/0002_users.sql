-- The member and invitation lifecycle: the rest of a member's data sheet, invitation links with
-- a deadline, the per-eSpace activity log, and the mail outbox.

-- Seed 002's data sheet: Tél. bureau, Tél. mobile, Fax, Fonction.
ALTER TABLE members ADD COLUMN phone TEXT;
ALTER TABLE members ADD COLUMN mobile TEXT;
ALTER TABLE members ADD COLUMN fax TEXT;
ALTER TABLE members ADD COLUMN function TEXT;
-- SHA-256 (hex) of the secret in the invitation link; replaced on resend, NULL once answered.
ALTER TABLE members ADD COLUMN invitation_token_hash TEXT;
-- Unix seconds after which the invitation reads as expired.
ALTER TABLE members ADD COLUMN invitation_expires_at BIGINT;
-- When the invitee of an expired invitation asked for a new one (asked once per link).
ALTER TABLE members ADD COLUMN renewal_requested_at BIGINT;

CREATE UNIQUE INDEX members_invitation_token ON members(invitation_token_hash);
CREATE INDEX members_espace_ssn ON members(espace_id, invited_ssn);
CREATE INDEX members_invited_ssn ON members(invited_ssn, status);
CREATE INDEX members_espace_role_status ON members(espace_id, role, status);

-- Who did what to which member; member_id has no foreign key since deleted members stay named.
-- Ids are UUIDv7, so ordering by id orders entries written within the same second.
CREATE TABLE activity (
    id              TEXT PRIMARY KEY,
    espace_id       TEXT NOT NULL REFERENCES espaces(id),
    at              BIGINT NOT NULL,
    actor_person_id TEXT,
    actor_name      TEXT NOT NULL,
    action          TEXT NOT NULL,
    detail          TEXT,
    member_id       TEXT,
    member_name     TEXT NOT NULL
);
CREATE INDEX activity_espace ON activity(espace_id, id);

CREATE FUNCTION activity_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the activity log is append-only'; END $$;
CREATE TRIGGER activity_never_updated BEFORE UPDATE ON activity
FOR EACH ROW EXECUTE FUNCTION activity_append_only();
CREATE TRIGGER activity_never_deleted BEFORE DELETE ON activity
FOR EACH ROW EXECUTE FUNCTION activity_append_only();

-- Mail written in the same transaction as the change it tells about; a sender delivers it and
-- retries with growing delays. locked_until keeps two senders (two app servers) off one message.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until    BIGINT,
    sent_at         BIGINT,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox(sent_at, next_attempt_at);
