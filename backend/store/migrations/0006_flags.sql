-- Suspicious-session flags and the weekly review (backend/risk judges, flags.go and reviews.go
-- store).
--
-- One row per flagged session: its most severe flag's severity and a mask of its rules' bits
-- (risk.Rules), keyed by the session row's id. Kept apart from the session rows: a pass over a
-- million sessions writes these narrow rows in id order instead of rewriting (and re-logging)
-- every page of the sessions table. The flag filter probes it by row id (EXISTS on the primary
-- key); the Flagged view and the counts read it by snapshot and severity.
CREATE TABLE session_flags (
    row_id      INTEGER PRIMARY KEY, -- sessions.id
    snapshot_id INTEGER NOT NULL,
    severity    INTEGER NOT NULL,
    rules       INTEGER NOT NULL,
    flag_ids    TEXT    NOT NULL,    -- its flags (flags.id), comma-separated, most severe first
    last_active_at INTEGER NOT NULL  -- the session's, copied: the Flagged view's order needs no session row
);
CREATE INDEX session_flags_by_snapshot ON session_flags(snapshot_id, severity, rules);
CREATE INDEX session_flags_order ON session_flags(snapshot_id, severity DESC, last_active_at DESC, row_id);

-- One row per finding, with its one-line reason and how many sessions it involves (each of them
-- names it in session_flags.flag_ids).
CREATE TABLE flags (
    id            INTEGER PRIMARY KEY,
    snapshot_id   INTEGER NOT NULL,
    connection_id INTEGER NOT NULL,
    rule          TEXT    NOT NULL,
    severity      INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    user_key      TEXT    NOT NULL,
    sessions      INTEGER NOT NULL
);
CREATE INDEX flags_by_snapshot ON flags(snapshot_id, rule, severity);

-- When and with which policy a snapshot's flags were computed.
CREATE TABLE flag_runs (
    snapshot_id   INTEGER PRIMARY KEY,
    connection_id INTEGER NOT NULL,
    computed_at   INTEGER NOT NULL,
    policy        TEXT    NOT NULL,
    flags         INTEGER NOT NULL,
    flagged       INTEGER NOT NULL,
    took_ms       INTEGER NOT NULL
);

-- Each snapshot's risk.History: per user the devices and countries seen in the last
-- refreshes, and where each session was used from (risk/historycodec.go).
CREATE TABLE flag_history (
    snapshot_id   INTEGER PRIMARY KEY,
    connection_id INTEGER NOT NULL,
    body          BLOB    NOT NULL
);
CREATE INDEX flag_history_by_connection ON flag_history(connection_id, snapshot_id);

-- A snapshot's flags go with its digest: when its rows are pruned or its connection removed.
CREATE TRIGGER flags_follow_digest AFTER DELETE ON snapshot_digests
BEGIN
    DELETE FROM session_flags WHERE snapshot_id = old.snapshot_id;
    DELETE FROM flags WHERE snapshot_id = old.snapshot_id;
    DELETE FROM flag_runs WHERE snapshot_id = old.snapshot_id;
    DELETE FROM flag_history WHERE snapshot_id = old.snapshot_id;
END;

-- Per connection: the admin's policy overrides (risk field name → text) and the session
-- settings last read from the server. No secrets.
CREATE TABLE policies (
    connection_id  INTEGER PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
    overrides      TEXT    NOT NULL DEFAULT '{}',
    updated_at     INTEGER NOT NULL DEFAULT 0,
    updated_by     TEXT    NOT NULL DEFAULT '',
    server_idle_ms INTEGER NOT NULL DEFAULT 0,
    server_max_ms  INTEGER NOT NULL DEFAULT 0,
    server_raw     TEXT    NOT NULL DEFAULT '{}',
    server_read_at INTEGER NOT NULL DEFAULT 0
);

-- Reviews: evidence an auditor reads, so nothing here is ever deleted, and a closed review
-- refuses every change (triggers, besides the store's own check).
CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL,
    started_at      INTEGER NOT NULL,
    started_by      TEXT    NOT NULL,
    since_review_id INTEGER NOT NULL DEFAULT 0, -- the review it is compared with (0 = none)
    closed_at       INTEGER NOT NULL DEFAULT 0,
    closed_by       TEXT    NOT NULL DEFAULT ''
);
-- The snapshots a review covers, and those of the review it is compared with.
CREATE TABLE review_snapshots (
    review_id         INTEGER NOT NULL,
    connection_id     INTEGER NOT NULL,
    connection        TEXT    NOT NULL,
    snapshot_id       INTEGER NOT NULL,
    snapshot_at       INTEGER NOT NULL,
    since_snapshot_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (review_id, connection_id)
) WITHOUT ROWID;
-- The flagged sessions a review works through, copied when it starts (the snapshots' rows may
-- be pruned before the review is closed), each with its flags.
CREATE TABLE review_items (
    id            INTEGER PRIMARY KEY,
    review_id     INTEGER NOT NULL,
    connection_id INTEGER NOT NULL,
    connection    TEXT    NOT NULL,
    session_id    TEXT    NOT NULL,
    username      TEXT    NOT NULL,
    row_id        INTEGER NOT NULL, -- the session row it was copied from (may be pruned since)
    severity      INTEGER NOT NULL,
    decision      TEXT    NOT NULL DEFAULT '',
    note          TEXT    NOT NULL DEFAULT '',
    marked_at     INTEGER NOT NULL DEFAULT 0,
    marked_by     TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX review_items_session ON review_items(review_id, connection_id, session_id);
CREATE INDEX review_items_order ON review_items(review_id, severity DESC, id);
CREATE TABLE review_flags (
    item_id   INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    review_id INTEGER NOT NULL,
    rule      TEXT    NOT NULL,
    severity  INTEGER NOT NULL,
    reason    TEXT    NOT NULL,
    decision  TEXT    NOT NULL DEFAULT '',
    note      TEXT    NOT NULL DEFAULT '',
    marked_at INTEGER NOT NULL DEFAULT 0,
    marked_by TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (item_id, n)
) WITHOUT ROWID;
-- Every mark as it was made, in order (append-only).
CREATE TABLE review_marks (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL,
    item_id   INTEGER NOT NULL,
    rule      TEXT    NOT NULL, -- '' = the whole session
    decision  TEXT    NOT NULL,
    note      TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL
);
CREATE INDEX review_marks_by_review ON review_marks(review_id, id);

CREATE TRIGGER review_marks_no_update BEFORE UPDATE ON review_marks
BEGIN SELECT RAISE(ABORT, 'review marks are append-only'); END;
CREATE TRIGGER review_marks_no_delete BEFORE DELETE ON review_marks
BEGIN SELECT RAISE(ABORT, 'review marks are append-only'); END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are kept'); END;
CREATE TRIGGER reviews_closed_stay_closed BEFORE UPDATE ON reviews WHEN old.closed_at > 0
BEGIN SELECT RAISE(ABORT, 'the review is closed'); END;
CREATE TRIGGER review_marks_closed BEFORE INSERT ON review_marks
WHEN (SELECT closed_at FROM reviews WHERE id = new.review_id) > 0
BEGIN SELECT RAISE(ABORT, 'the review is closed'); END;
CREATE TRIGGER review_items_closed BEFORE UPDATE ON review_items
WHEN (SELECT closed_at FROM reviews WHERE id = old.review_id) > 0
BEGIN SELECT RAISE(ABORT, 'the review is closed'); END;
CREATE TRIGGER review_flags_closed BEFORE UPDATE ON review_flags
WHEN (SELECT closed_at FROM reviews WHERE id = old.review_id) > 0
BEGIN SELECT RAISE(ABORT, 'the review is closed'); END;
CREATE TRIGGER review_items_no_delete BEFORE DELETE ON review_items
BEGIN SELECT RAISE(ABORT, 'review items are kept'); END;
CREATE TRIGGER review_flags_no_delete BEFORE DELETE ON review_flags
BEGIN SELECT RAISE(ABORT, 'review items are kept'); END;
