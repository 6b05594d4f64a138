package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sessionscope/backend/session"
)

// Sign-out job states. Interrupted is never stored: it is a running job no live process runs.
const (
	JobReady        = "ready"
	JobRunning      = "running"
	JobDone         = "done"
	JobPartlyFailed = "partly_failed"
	JobFailed       = "failed"
	JobCanceled     = "canceled"
	JobIncomplete   = "incomplete" // stopped with items left that could not be checked or sent
	JobInterrupted  = "interrupted"
)

// Item states.
const (
	ItemPending     = "pending"
	ItemSending     = "sending" // its call may have reached the server: checked before acting again
	ItemEnded       = "ended"
	ItemAlreadyGone = "already_gone"
	ItemContained   = "contained"
	ItemFailed      = "failed"
)

// Item methods: how the server is asked.
const (
	MethodBatch   = "batch"   // many session ids per call
	MethodSession = "session" // one call per session
	MethodUser    = "user"    // one call ends every session of a user
	MethodContain = "contain" // one call blocks a user from signing in again
)

// ErrJobBusy is returned when another live process runs the job.
var ErrJobBusy = errors.New("this job is running in another SessionScope process")

// JobOrg is one connection's part of a job as it was confirmed.
type JobOrg struct {
	ConnectionID int64  `json:"connectionId"`
	Connection   string `json:"connection"`
	Kind         string `json:"kind"`
	Method       string `json:"method"`
	BatchSize    int    `json:"batchSize"`
	Admin        string `json:"admin"` // who the connection is signed in as, for the audit trail
	Items        int    `json:"items"`
	Sessions     int    `json:"sessions"`
	SecretIDs    bool   `json:"secretIds"` // session ids are credentials: shown shortened
}

// ItemCounts counts a job's items by state (StillListed: ended, yet listed by the re-check).
type ItemCounts struct {
	Pending     int `json:"pending"`
	Sending     int `json:"sending"`
	Ended       int `json:"ended"`
	AlreadyGone int `json:"alreadyGone"`
	Contained   int `json:"contained"`
	Failed      int `json:"failed"`
	StillListed int `json:"stillListed"`
}

// Left is what a resume still has to do.
func (c ItemCounts) Left() int { return c.Pending + c.Sending }

// SignOutJob is a persisted bulk sign-out or containment.
type SignOutJob struct {
	ID              int64      `json:"id"`
	CreatedAt       time.Time  `json:"createdAt"`
	FinishedAt      time.Time  `json:"finishedAt"`
	Action          string     `json:"action"` // signout | contain
	Actor           string     `json:"actor"`
	Reason          string     `json:"reason"`
	Fingerprint     string     `json:"fingerprint"`
	State           string     `json:"state"`
	Total           int        `json:"total"`
	Orgs            []JobOrg   `json:"orgs"`
	Runner          string     `json:"-"`
	HeartbeatAt     time.Time  `json:"-"`
	CancelRequested bool       `json:"cancelRequested"`
	RecheckedAt     time.Time  `json:"recheckedAt"`
	Message         string     `json:"message"`
	Counts          ItemCounts `json:"counts"`
}

// JobItem is one session (or user) of a job.
type JobItem struct {
	JobID        int64     `json:"jobId"`
	Seq          int64     `json:"seq"`
	ConnectionID int64     `json:"connectionId"`
	Method       string    `json:"method"`
	Target       string    `json:"target"` // session id or user id (shorten secret ids before showing)
	ParentID     string    `json:"parentId"`
	UserID       string    `json:"userId"`
	Username     string    `json:"username"`
	Sessions     int       `json:"sessions"`
	State        string    `json:"state"`
	Message      string    `json:"message"`
	Attempts     int       `json:"attempts"`
	UpdatedAt    time.Time `json:"updatedAt"`
	AuditID      int64     `json:"auditId"`
	Recheck      string    `json:"recheck"`
}

func nullInt(v int64) sql.NullInt64 { return sql.NullInt64{Int64: v, Valid: true} }

// CreateJob stores a confirmed plan as a job in state ready, with its items and the audit
// entries saying it was requested, in one durable transaction.
func (s *Store) CreateJob(ctx context.Context, job SignOutJob, items []JobItem, audit []session.AuditEntry) (SignOutJob, error) {
	known := map[int64]bool{}
	for _, o := range job.Orgs {
		known[o.ConnectionID] = true
	}
	for _, it := range items {
		switch {
		case !known[it.ConnectionID]:
			return job, fmt.Errorf("a job item belongs to connection %d, which is not one of the job's", it.ConnectionID)
		case it.Target == "" || (it.Method != MethodBatch && it.Method != MethodSession && it.Method != MethodUser && it.Method != MethodContain):
			return job, fmt.Errorf("a job item has no target or an unknown method %q", it.Method)
		}
	}
	orgs, _ := json.Marshal(job.Orgs)
	job.CreatedAt, job.State, job.Total = s.now().UTC().Truncate(time.Millisecond), JobReady, len(items)
	tx, done, err := s.beginDurable(ctx)
	if err != nil {
		return job, err
	}
	defer done()
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO signout_jobs(created_at, action, actor, reason, fingerprint, state, total, orgs)
		VALUES (?,?,?,?,?,?,?,?)`, job.CreatedAt.UnixMilli(), job.Action, job.Actor, job.Reason, job.Fingerprint, job.State,
		job.Total, string(orgs))
	if err != nil {
		return job, fmt.Errorf("save the job: %w", err)
	}
	job.ID, _ = res.LastInsertId()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO signout_items(job_id, seq, connection_id, method, target, parent_id,
		user_id, username, sessions) VALUES (?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return job, err
	}
	defer stmt.Close()
	for i, it := range items {
		if _, err := stmt.ExecContext(ctx, job.ID, i+1, it.ConnectionID, it.Method, it.Target, it.ParentID, it.UserID,
			it.Username, max(it.Sessions, 1)); err != nil {
			return job, fmt.Errorf("save the job's items: %w", err)
		}
	}
	last, err := s.appendAudits(ctx, tx, audit, job.ID)
	if err != nil {
		return job, err
	}
	job.Counts.Pending = len(items)
	return job, s.commitAudit(tx, last)
}

// keepCounts stores a job's item counts in its row, so listing jobs need not count items.
func keepCounts(ctx context.Context, tx *sql.Tx, id int64) error {
	c, err := jobCounts(ctx, tx, id)
	if err != nil {
		return err
	}
	data, _ := json.Marshal(c)
	_, err = tx.ExecContext(ctx, `UPDATE signout_jobs SET counts = ? WHERE id = ?`, string(data), id)
	return err
}

// appendAudits writes entries in order (their details prefixed with the job), returning the last.
func (s *Store) appendAudits(ctx context.Context, tx *sql.Tx, entries []session.AuditEntry, jobID int64) (session.AuditEntry, error) {
	var last session.AuditEntry
	if len(entries) == 0 {
		return last, nil
	}
	var prev string
	if err := tx.QueryRowContext(ctx, `SELECT hash FROM audit ORDER BY id DESC LIMIT 1`).Scan(&prev); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return last, err
	}
	now := s.now()
	for i, e := range entries {
		e.Detail = JobDetail(jobID, e.Detail)
		e, err := appendAuditAfter(ctx, tx, now, prev, e)
		if err != nil {
			return last, err
		}
		prev, last, entries[i] = e.Hash, e, e
	}
	return last, nil
}

// JobDetail prefixes an audit detail with its job, so the audit view finds a job's entries.
func JobDetail(jobID int64, detail string) string {
	if detail == "" {
		return fmt.Sprintf("job %d", jobID)
	}
	return fmt.Sprintf("job %d: %s", jobID, detail)
}

const jobCols = `id, created_at, finished_at, action, actor, reason, fingerprint, state, total, orgs, runner,
	heartbeat_at, cancel_requested, rechecked_at, message, counts`

// scanJob reads a job row; kept reports whether it holds the counts its last run ended with.
func scanJob(r scanner) (j SignOutJob, kept bool, err error) {
	var created, finished, heartbeat, rechecked int64
	var orgs, counts string
	if err := r.Scan(&j.ID, &created, &finished, &j.Action, &j.Actor, &j.Reason, &j.Fingerprint, &j.State, &j.Total,
		&orgs, &j.Runner, &heartbeat, &j.CancelRequested, &rechecked, &j.Message, &counts); err != nil {
		return j, false, err
	}
	kept = counts != "" && j.State != JobRunning && json.Unmarshal([]byte(counts), &j.Counts) == nil
	j.CreatedAt, j.FinishedAt = fromMS(nullInt(created)), fromMS(nullInt(finished))
	j.HeartbeatAt, j.RecheckedAt = fromMS(nullInt(heartbeat)), fromMS(nullInt(rechecked))
	if err := json.Unmarshal([]byte(orgs), &j.Orgs); err != nil {
		return j, false, fmt.Errorf("job %d: unreadable connections: %w", j.ID, err)
	}
	return j, kept, nil
}

// Job returns one job with its item counts.
func (s *Store) Job(ctx context.Context, id int64) (SignOutJob, error) {
	j, kept, err := scanJob(s.db.QueryRowContext(ctx, `SELECT `+jobCols+` FROM signout_jobs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return j, fmt.Errorf("sign-out job %d: %w", id, ErrNotFound)
	}
	if err != nil || kept {
		return j, err
	}
	j.Counts, err = jobCounts(ctx, s.db, id)
	return j, err
}

// JobByFingerprint returns the newest job made from the same plan, if any.
func (s *Store) JobByFingerprint(ctx context.Context, fingerprint string) (SignOutJob, bool, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM signout_jobs WHERE fingerprint = ? ORDER BY id DESC LIMIT 1`, fingerprint).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return SignOutJob{}, false, nil
	}
	if err != nil {
		return SignOutJob{}, false, err
	}
	j, err := s.Job(ctx, id)
	return j, err == nil, err
}

// Jobs lists jobs newest first, at most limit.
func (s *Store) Jobs(ctx context.Context, limit int) ([]SignOutJob, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+jobCols+` FROM signout_jobs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	var out []SignOutJob
	var count []int
	for rows.Next() {
		j, kept, err := scanJob(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		if !kept {
			count = append(count, len(out))
		}
		out = append(out, j)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, i := range count {
		if out[i].Counts, err = jobCounts(ctx, s.db, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func jobCounts(ctx context.Context, q querier, id int64) (ItemCounts, error) {
	var c ItemCounts
	rows, err := q.QueryContext(ctx, `SELECT state, count(*), sum(recheck = 'still_listed') FROM signout_items
		WHERE job_id = ? GROUP BY state`, id)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n, still int
		if err := rows.Scan(&state, &n, &still); err != nil {
			return c, err
		}
		c.StillListed += still
		c.add(state, n)
	}
	return c, rows.Err()
}
