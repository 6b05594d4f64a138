-- A digest of each complete snapshot (session id hashes, users, countries, devices; see
-- digest.go), written when it completes, so comparing two snapshots reads two records instead of
-- every session row of both. Pruned with the snapshot's rows.
CREATE TABLE snapshot_digests (
    snapshot_id INTEGER PRIMARY KEY,
    body        BLOB    NOT NULL
);
