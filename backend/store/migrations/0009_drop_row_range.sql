-- A snapshot's first and last row id no longer bound its reads: refreshes side by side
-- interleave their pages, so that range held several times the snapshot's own rows. The
-- passes that read a whole snapshot now scan the runs of its ids (runs.go), found from an
-- index on snapshot_id, and the two columns, written at every completion, go.
ALTER TABLE snapshots DROP COLUMN first_row;
ALTER TABLE snapshots DROP COLUMN last_row;
