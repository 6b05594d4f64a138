-- A flagged session's row goes into one index besides its table, not two: the Flagged view's
-- order carries the rule mask at its end, so the counts per severity and rule read it alone (it
-- covers them) and the separate (snapshot, severity, rules) index goes. One b-tree fewer to fill
-- per flagged session and a smaller file; the pass's time barely moved (its cost is elsewhere).
DROP INDEX session_flags_by_snapshot;
DROP INDEX session_flags_order;
CREATE INDEX session_flags_order ON session_flags(snapshot_id, severity DESC, last_active_at DESC, row_id, rules);
