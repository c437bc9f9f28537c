-- Sessions (src/server/session_store.rs): every app server reads every session from here.
CREATE TABLE tower_sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BYTEA NOT NULL,
    expiry_date BIGINT NOT NULL
);
CREATE INDEX tower_sessions_expiry ON tower_sessions(expiry_date);
