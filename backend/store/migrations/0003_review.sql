-- Review at scale: the autonomous system of each address, indexes for every new filter, and a
-- per-snapshot place summary so the unfiltered map never scans sessions.
ALTER TABLE sessions ADD COLUMN asn INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN asn_org TEXT NOT NULL DEFAULT '';
-- Country leads a pair with session type: "UI sessions from X" is a review's common question,
-- and both conditions then find (and count) their rows in the index alone.
CREATE INDEX sessions_country ON sessions(snapshot_id, country_code, session_type);
CREATE INDEX sessions_asn     ON sessions(snapshot_id, asn);
CREATE INDEX sessions_browser ON sessions(snapshot_id, browser COLLATE NOCASE);
CREATE INDEX sessions_platform ON sessions(snapshot_id, platform COLLATE NOCASE);
CREATE INDEX sessions_device  ON sessions(snapshot_id, device_type);

-- One row per place (location_key) per complete snapshot, written when the snapshot completes.
CREATE TABLE snapshot_places (
    snapshot_id  INTEGER NOT NULL,
    location_key TEXT    NOT NULL,
    city         TEXT    NOT NULL,
    subdivision  TEXT    NOT NULL,
    country      TEXT    NOT NULL,
    country_code TEXT    NOT NULL,
    latitude     REAL    NOT NULL,
    longitude    REAL    NOT NULL,
    sessions     INTEGER NOT NULL,
    users        INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, location_key)
) WITHOUT ROWID;
CREATE INDEX sessions_city ON sessions(snapshot_id, city COLLATE NOCASE);

-- The rowid range a complete snapshot's session rows lie in (rows of snapshots written at the
-- same time interleave inside it), so comparing two snapshots reads each in one sequential pass.
ALTER TABLE snapshots ADD COLUMN first_row INTEGER NOT NULL DEFAULT 0;
ALTER TABLE snapshots ADD COLUMN last_row  INTEGER NOT NULL DEFAULT 0;
