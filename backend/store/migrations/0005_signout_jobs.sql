-- Bulk sign-out and containment jobs. A job is the plan as it was confirmed: one item per
-- session (or per user, for user-wide calls and containment), each moving
-- pending → sending → ended | already_gone | contained | failed. An item is marked sending
-- before its call, so after a crash the ambiguous ones are known and checked before acting.
CREATE TABLE signout_jobs (
    id               INTEGER PRIMARY KEY,
    created_at       INTEGER NOT NULL,
    finished_at      INTEGER NOT NULL DEFAULT 0,
    action           TEXT    NOT NULL,                -- signout | contain
    actor            TEXT    NOT NULL,                -- who started it (OS user @ host)
    reason           TEXT    NOT NULL,
    fingerprint      TEXT    NOT NULL,                -- the items' hash: the same plan twice is one job
    state            TEXT    NOT NULL,                -- ready | running | done | partly_failed | failed | canceled | incomplete
    total            INTEGER NOT NULL,
    orgs             TEXT    NOT NULL DEFAULT '[]',   -- per connection: method, batch size, admin identity
    runner           TEXT    NOT NULL DEFAULT '',     -- host/pid/nonce of the process running it
    heartbeat_at     INTEGER NOT NULL DEFAULT 0,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    rechecked_at     INTEGER NOT NULL DEFAULT 0,
    message          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX signout_jobs_fingerprint ON signout_jobs(fingerprint);

CREATE TABLE signout_items (
    job_id        INTEGER NOT NULL REFERENCES signout_jobs(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    connection_id INTEGER NOT NULL,
    method        TEXT    NOT NULL,                 -- batch | session | user | contain
    target        TEXT    NOT NULL,                 -- the server's session id, or user id
    parent_id     TEXT    NOT NULL DEFAULT '',      -- the session's family parent, when the server has one
    user_id       TEXT    NOT NULL DEFAULT '',
    username      TEXT    NOT NULL DEFAULT '',
    sessions      INTEGER NOT NULL DEFAULT 1,       -- sessions the item covers (a user item: the listed ones)
    state         TEXT    NOT NULL DEFAULT 'pending',
    message       TEXT    NOT NULL DEFAULT '',
    attempts      INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL DEFAULT 0,
    audit_id      INTEGER NOT NULL DEFAULT 0,
    recheck       TEXT    NOT NULL DEFAULT '',      -- '' | gone | still_listed (after the job's re-check)
    PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;
CREATE INDEX signout_items_state ON signout_items(job_id, state, seq);
CREATE INDEX signout_items_target ON signout_items(connection_id, target);

-- The audit view filters by who, when, org, action and result.
CREATE INDEX audit_at         ON audit(at);
CREATE INDEX audit_actor      ON audit(actor, id);
CREATE INDEX audit_connection ON audit(connection, id);
CREATE INDEX audit_action     ON audit(action, id);
CREATE INDEX audit_result     ON audit(result, id);
