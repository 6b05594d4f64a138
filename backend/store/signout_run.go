package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"sessionscope/backend/session"
)

// ClaimJob makes runner the process running a job. A job some other live runner holds (its
// heartbeat is newer than staleBefore and alive says its process still exists) is refused
// with ErrJobBusy; two processes claiming at once cannot both win.
func (s *Store) ClaimJob(ctx context.Context, id int64, runner string, staleBefore time.Time, alive func(runner string) bool) (SignOutJob, error) {
	j, err := s.Job(ctx, id)
	if err != nil {
		return j, err
	}
	if j.State == JobRunning && j.Runner != "" && !j.HeartbeatAt.Before(staleBefore) && alive(j.Runner) {
		return j, fmt.Errorf("job %d: %w", id, ErrJobBusy)
	}
	res, err := s.exec(ctx, `UPDATE signout_jobs SET state = ?, runner = ?, heartbeat_at = ?, cancel_requested = 0,
		finished_at = 0, message = '', counts = '' WHERE id = ? AND runner = ? AND heartbeat_at = ?`,
		JobRunning, runner, s.now().UnixMilli(), id, j.Runner, ms(j.HeartbeatAt))
	if err != nil {
		return j, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return j, fmt.Errorf("job %d: %w", id, ErrJobBusy)
	}
	j.State, j.Runner, j.CancelRequested = JobRunning, runner, false
	return j, nil
}

// Heartbeat says the runner still runs the job; it reports whether the job is still its own
// and whether a cancel was asked for (from any process).
func (s *Store) Heartbeat(ctx context.Context, id int64, runner string) (own, cancel bool, err error) {
	res, err := s.exec(ctx, `UPDATE signout_jobs SET heartbeat_at = ? WHERE id = ? AND runner = ?`, s.now().UnixMilli(), id, runner)
	if err != nil {
		return false, false, err
	}
	n, _ := res.RowsAffected()
	err = s.db.QueryRowContext(ctx, `SELECT cancel_requested FROM signout_jobs WHERE id = ?`, id).Scan(&cancel)
	return n == 1, cancel, err
}

// RequestCancel asks whichever process runs the job to stop between batches.
func (s *Store) RequestCancel(ctx context.Context, id int64) error {
	res, err := s.exec(ctx, `UPDATE signout_jobs SET cancel_requested = 1 WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("sign-out job %d: %w", id, ErrNotFound)
	}
	return nil
}

// MarkSending records that the calls for these items are about to be made. It commits before
// the call: after a crash, an item still marked sending may or may not have been acted on.
func (s *Store) MarkSending(ctx context.Context, jobID int64, seqs []int64) error {
	tx, done, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer done()
	defer tx.Rollback()
	if err := setItems(ctx, tx, jobID, seqs, `state = ?, updated_at = ?`, ItemSending, s.now().UnixMilli()); err != nil {
		return err
	}
	return tx.Commit()
}

// SetItemsState moves items to a state with a message (a resume's check of items left sending).
func (s *Store) SetItemsState(ctx context.Context, jobID int64, seqs []int64, state, message string) error {
	tx, done, err := s.beginDurable(ctx)
	if err != nil {
		return err
	}
	defer done()
	defer tx.Rollback()
	if err := setItems(ctx, tx, jobID, seqs, `state = ?, message = ?, updated_at = ?`, state, message, s.now().UnixMilli()); err != nil {
		return err
	}
	return tx.Commit()
}

func setItems(ctx context.Context, tx *sql.Tx, jobID int64, seqs []int64, set string, vals ...any) error {
	for start := 0; start < len(seqs); start += 500 {
		chunk := seqs[start:min(start+500, len(seqs))]
		args := append(append([]any{}, vals...), jobID)
		for _, q := range chunk {
			args = append(args, q)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE signout_items SET `+set+` WHERE job_id = ? AND seq IN (`+
			placeholders(len(chunk))+`)`, args...); err != nil {
			return fmt.Errorf("update the job's items: %w", err)
		}
	}
	return nil
}

// ItemResult is what happened to one item.
type ItemResult struct {
	Item    JobItem
	State   string // ended | already_gone | contained | failed
	Message string
	Audit   session.AuditEntry // its audit entry (Detail is prefixed with the job)
}

// RecordItems writes the results of one batch durably, with their audit entries, before the
// caller reports them: an "ended" shown on screen is on disk. Ended sessions are remembered as
// signed out (so the table shows them ended until the next refresh).
func (s *Store) RecordItems(ctx context.Context, jobID int64, results []ItemResult) error {
	if len(results) == 0 {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	tx, done, err := s.beginDurable(ctx)
	if err != nil {
		return err
	}
	defer done()
	defer tx.Rollback()
	entries := make([]session.AuditEntry, len(results))
	for i, r := range results {
		entries[i] = r.Audit
	}
	last, err := s.appendAudits(ctx, tx, entries, jobID)
	if err != nil {
		return err
	}
	now := s.now().UnixMilli()
	upd, err := tx.PrepareContext(ctx, `UPDATE signout_items SET state = ?, message = ?, attempts = attempts + 1,
		updated_at = ?, audit_id = ? WHERE job_id = ? AND seq = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()
	for i, r := range results {
		if _, err := upd.ExecContext(ctx, r.State, r.Message, now, entries[i].ID, jobID, r.Item.Seq); err != nil {
			return fmt.Errorf("record the result of item %d: %w", r.Item.Seq, err)
		}
		if r.State != ItemEnded && r.State != ItemAlreadyGone {
			continue
		}
		switch r.Item.Method {
		case MethodBatch, MethodSession:
			_, err = tx.ExecContext(ctx, upsertSignout, r.Item.ConnectionID, r.Item.Target, now, r.State, entries[i].ID)
		case MethodUser:
			_, err = tx.ExecContext(ctx, `INSERT INTO signouts(connection_id, session_id, at, outcome, audit_id)
				SELECT s.connection_id, s.session_id, ?, ?, ? FROM sessions s JOIN connections c ON c.current_snapshot_id = s.snapshot_id
				WHERE c.id = ? AND s.user_id = ? AND s.is_current = 0
				ON CONFLICT(connection_id, session_id) DO UPDATE SET at = excluded.at, outcome = excluded.outcome,
				audit_id = excluded.audit_id`, now, r.State, entries[i].ID, r.Item.ConnectionID, r.Item.Target)
		}
		if err != nil {
			return err
		}
	}
	return s.commitAudit(tx, last)
}

// RetryFailed puts a job's failed items back to pending and returns how many.
func (s *Store) RetryFailed(ctx context.Context, jobID int64) (int, error) {
	tx, done, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer done()
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE signout_items SET state = ?, message = '' WHERE job_id = ? AND state = ?`,
		ItemPending, jobID, ItemFailed)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if err := keepCounts(ctx, tx, jobID); err != nil {
		return 0, err
	}
	return int(n), tx.Commit()
}

// FinishJob ends a run: the job's state, a message, and the audit entries that close it, in
// one durable transaction. Only the runner that holds the job finishes it.
func (s *Store) FinishJob(ctx context.Context, id int64, runner, state, message string, audit []session.AuditEntry) error {
	ctx = context.WithoutCancel(ctx)
	tx, done, err := s.beginDurable(ctx)
	if err != nil {
		return err
	}
	defer done()
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE signout_jobs SET state = ?, message = ?, finished_at = ?, runner = '',
		cancel_requested = 0 WHERE id = ? AND runner = ?`, state, message, s.now().UnixMilli(), id, runner)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("job %d: %w", id, ErrJobBusy)
	}
	if err := keepCounts(ctx, tx, id); err != nil {
		return err
	}
	last, err := s.appendAudits(ctx, tx, audit, id)
	if err != nil {
		return err
	}
	return s.commitAudit(tx, last)
}

// RecheckCounts is what a re-check after a job found.
type RecheckCounts struct {
	Gone        int `json:"gone"`
	StillListed int `json:"stillListed"`
}

// RecheckJob compares the job's ended items with the connections' current snapshots (refresh
// them first): sessions still listed are marked still_listed, the others gone.
func (s *Store) RecheckJob(ctx context.Context, jobID int64, connectionIDs []int64) (RecheckCounts, error) {
	var c RecheckCounts
	if len(connectionIDs) == 0 {
		return c, nil
	}
	tx, done, err := s.begin(ctx)
	if err != nil {
		return c, err
	}
	defer done()
	defer tx.Rollback()
	in := placeholders(len(connectionIDs))
	args := []any{jobID}
	for _, id := range connectionIDs {
		args = append(args, id)
	}
	listed := `EXISTS (SELECT 1 FROM sessions s JOIN connections c ON c.current_snapshot_id = s.snapshot_id
		WHERE c.id = i.connection_id AND (CASE WHEN i.method = 'user' THEN s.user_id = i.target AND s.is_current = 0
		ELSE s.session_id = i.target END))`
	q := `UPDATE signout_items AS i SET recheck = CASE WHEN ` + listed + ` THEN 'still_listed' ELSE 'gone' END
		WHERE i.job_id = ? AND i.connection_id IN (` + in + `) AND i.state IN ('ended', 'already_gone')`
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return c, fmt.Errorf("re-check the job's sessions: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(recheck = 'gone'), 0), coalesce(sum(recheck = 'still_listed'), 0)
		FROM signout_items WHERE job_id = ? AND connection_id IN (`+in+`)`, args...).Scan(&c.Gone, &c.StillListed); err != nil {
		return c, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE signout_jobs SET rechecked_at = ? WHERE id = ?`, s.now().UnixMilli(), jobID); err != nil {
		return c, err
	}
	if err := keepCounts(ctx, tx, jobID); err != nil {
		return c, err
	}
	return c, tx.Commit()
}

// CancelRequested reports whether a cancel of the job was asked for (from any process).
func (s *Store) CancelRequested(ctx context.Context, id int64) (bool, error) {
	var c bool
	err := s.db.QueryRowContext(ctx, `SELECT cancel_requested FROM signout_jobs WHERE id = ?`, id).Scan(&c)
	return c, err
}
