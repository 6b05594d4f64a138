-- A finished sign-out job keeps its item counts, so listing jobs does not count every item of
-- every job ('' = count the items: the job is running, or finished before this column).
ALTER TABLE signout_jobs ADD COLUMN counts TEXT NOT NULL DEFAULT '';

-- The audit view walks ids backwards to fill a page of common matches; times narrow most
-- searches and failures are the rare matches worth an index. Three more indexes slowed every
-- per-session entry of a bulk job (each is a b-tree insert per entry), for no search they sped up.
DROP INDEX audit_actor;
DROP INDEX audit_connection;
DROP INDEX audit_action;
