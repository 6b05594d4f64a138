-- Connections hold no secrets: those live in the OS keyring.
CREATE TABLE connections (
    id                  INTEGER PRIMARY KEY,
    name                TEXT    NOT NULL UNIQUE,
    kind                TEXT    NOT NULL,
    url                 TEXT    NOT NULL,
    options             TEXT    NOT NULL DEFAULT '{}',
    demo                INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    status              TEXT    NOT NULL DEFAULT 'never',
    message             TEXT    NOT NULL DEFAULT '',
    current_snapshot_id INTEGER
);

CREATE TABLE snapshots (
    id            INTEGER PRIMARY KEY,
    connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    started_at    INTEGER NOT NULL,
    finished_at   INTEGER,
    status        TEXT    NOT NULL,
    session_count INTEGER NOT NULL DEFAULT 0,
    pages         INTEGER NOT NULL DEFAULT 0,
    dropped       INTEGER NOT NULL DEFAULT 0,
    error         TEXT    NOT NULL DEFAULT '',
    meta          TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX snapshots_by_connection ON snapshots(connection_id, id);

-- One row per session per snapshot. Times are Unix milliseconds, 0 = unknown (never NULL, so
-- every sort key is comparable in keyset paging). *_key columns are lower-cased copies used for
-- case-insensitive prefix search and sorting. The server's raw record lives in session_raw so
-- these rows stay small and scans stay in cache.
CREATE TABLE sessions (
    id             INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL,
    connection_id  INTEGER NOT NULL,
    session_id     TEXT    NOT NULL,
    parent_id      TEXT    NOT NULL DEFAULT '',
    user_id        TEXT    NOT NULL DEFAULT '',
    username       TEXT    NOT NULL DEFAULT '',
    user_name      TEXT    NOT NULL DEFAULT '',
    user_key       TEXT    NOT NULL DEFAULT '',
    name_key       TEXT    NOT NULL DEFAULT '',
    user_type      TEXT    NOT NULL DEFAULT '',
    session_type   TEXT    NOT NULL DEFAULT '',
    login_type     TEXT    NOT NULL DEFAULT '',
    security_level TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL DEFAULT 0,
    last_active_at INTEGER NOT NULL DEFAULT 0,
    expires_at     INTEGER NOT NULL DEFAULT 0,
    source_ip      TEXT    NOT NULL DEFAULT '',
    city           TEXT    NOT NULL DEFAULT '',
    subdivision    TEXT    NOT NULL DEFAULT '',
    country        TEXT    NOT NULL DEFAULT '',
    country_code   TEXT    NOT NULL DEFAULT '',
    postal_code    TEXT    NOT NULL DEFAULT '',
    latitude       REAL,
    longitude      REAL,
    geo_source     TEXT    NOT NULL DEFAULT '',
    location_key   TEXT    NOT NULL DEFAULT '',
    user_agent     TEXT    NOT NULL DEFAULT '',
    browser        TEXT    NOT NULL DEFAULT '',
    platform       TEXT    NOT NULL DEFAULT '',
    device_type    TEXT    NOT NULL DEFAULT '',
    application    TEXT    NOT NULL DEFAULT '',
    is_current     INTEGER NOT NULL DEFAULT 0
);

-- The raw record of each session row, same id.
CREATE TABLE session_raw (
    id  INTEGER PRIMARY KEY,
    raw TEXT NOT NULL
);
-- Every sortable / filterable column leads with snapshot_id, so a window of one snapshot in
-- any order is an index range scan (the rowid at the end of each index breaks ties).
CREATE INDEX sessions_id             ON sessions(snapshot_id, session_id);
CREATE INDEX sessions_user_id        ON sessions(snapshot_id, user_id);
CREATE INDEX sessions_user_key       ON sessions(snapshot_id, user_key);
CREATE INDEX sessions_name_key       ON sessions(snapshot_id, name_key);
CREATE INDEX sessions_user_type      ON sessions(snapshot_id, user_type);
CREATE INDEX sessions_session_type   ON sessions(snapshot_id, session_type);
CREATE INDEX sessions_login_type     ON sessions(snapshot_id, login_type);
CREATE INDEX sessions_security_level ON sessions(snapshot_id, security_level);
CREATE INDEX sessions_created_at     ON sessions(snapshot_id, created_at);
CREATE INDEX sessions_last_active_at ON sessions(snapshot_id, last_active_at);
CREATE INDEX sessions_expires_at     ON sessions(snapshot_id, expires_at);
CREATE INDEX sessions_source_ip      ON sessions(snapshot_id, source_ip);
CREATE INDEX sessions_location       ON sessions(snapshot_id, location_key);

-- Sessions this app signed out, so the row shows as ended until the next refresh drops it.
CREATE TABLE signouts (
    connection_id INTEGER NOT NULL,
    session_id    TEXT    NOT NULL,
    at            INTEGER NOT NULL,
    outcome       TEXT    NOT NULL,
    audit_id      INTEGER NOT NULL,
    PRIMARY KEY (connection_id, session_id)
) WITHOUT ROWID;

-- The audit trail is append-only (triggers refuse UPDATE and DELETE) and hash-chained:
-- each row's hash covers the previous row's hash, so an edit made outside SQLite shows.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    connection TEXT    NOT NULL,
    target     TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    result     TEXT    NOT NULL,
    detail     TEXT    NOT NULL,
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
