-- Sessions, in the app's own migrations now that the app stores them itself (the layout of
-- tower-sessions' SQLite store, which created this table until then).
CREATE TABLE IF NOT EXISTS tower_sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BLOB NOT NULL,
    expiry_date INTEGER NOT NULL
);
CREATE INDEX tower_sessions_expiry ON tower_sessions(expiry_date);
