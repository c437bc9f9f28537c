-- Uses counted against the volume limits of persons and eSpaces (domain::quota): invitations,
-- eSpaces created, certification requests. In the database so the limits hold across app
-- servers; rows older than their quota's window are deleted as new ones come.
CREATE TABLE quota_uses (
    quota   TEXT NOT NULL,
    -- the person's or the eSpace's id, as the quota counts
    subject TEXT NOT NULL,
    amount  BIGINT NOT NULL,
    at      BIGINT NOT NULL
);
CREATE INDEX quota_uses_subject ON quota_uses(quota, subject, at);
