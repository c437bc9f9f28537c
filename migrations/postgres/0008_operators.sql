-- The administration's operators: their own kind of account, never a person of the portal nor
-- a member of an eSpace. Every back-office command names one; what it does is signed with it.
CREATE TABLE operators (
    name        TEXT PRIMARY KEY,
    added_at    BIGINT NOT NULL,
    disabled_at BIGINT
);
