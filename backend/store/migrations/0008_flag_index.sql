-- A flagged session's row is written into two indexes instead of three b-trees: the Flagged
-- view's order carries the rule mask at its end, so the counts per severity and rule read it
-- alone (it covers them) and the separate (snapshot, severity, rules) index goes. A pass that
-- flags most of a million sessions spent most of its time inserting into these indexes.
DROP INDEX session_flags_by_snapshot;
DROP INDEX session_flags_order;
CREATE INDEX session_flags_order ON session_flags(snapshot_id, severity DESC, last_active_at DESC, row_id, rules);
