package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"sessionscope/backend/risk"
	"sessionscope/backend/session"
)

// Reviews. A review pins the current snapshot of each connection it covers and copies their
// flagged sessions, each with its flags, when it starts: the review stays whole when those
// snapshots' rows are pruned, and a policy change later does not rewrite what was reviewed.
// Each session or flag is then marked (a decision and a note); every mark is kept in order.
// Closing records who signed it off and when; a closed review refuses every change, here and
// in the schema's triggers.

// Review decisions.
const (
	DecisionExpected  = "expected"   // reviewed — expected
	DecisionSignedOut = "signed_out" // reviewed — signed out
	DecisionFollowUp  = "follow_up"  // needs follow-up
)

// Decisions lists the decisions a mark may carry.
var Decisions = []string{DecisionExpected, DecisionSignedOut, DecisionFollowUp}

// Errors of reviews, for the workspace to give codes.
var (
	ErrReviewClosed = errors.New("the review is closed: it can no longer be changed")
	ErrReviewOpen   = errors.New("a review is already open: close it before starting another")
)

// ReviewError is a review change refused for what was asked (not for the review's state).
type ReviewError struct{ Msg string }

func (e *ReviewError) Error() string { return e.Msg }

// Review is one weekly review and its progress.
type Review struct {
	ID            int64
	Title         string
	StartedAt     time.Time
	StartedBy     string
	SinceReviewID int64 // the review it is compared with: the last closed one when it started (0 = none)
	ClosedAt      time.Time
	ClosedBy      string
	Snapshots     []ReviewSnapshot
	Items         int // flagged sessions to review
	Reviewed      int // of them, those with every flag decided
}

// Closed reports whether the review was signed off.
func (r Review) Closed() bool { return !r.ClosedAt.IsZero() }

// ReviewSnapshot is one connection's snapshot a review covers, and the one it is compared with.
type ReviewSnapshot struct {
	ConnectionID    int64
	Connection      string
	SnapshotID      int64
	SnapshotAt      time.Time
	SinceSnapshotID int64 // 0 = nothing to compare with
}

// ReviewItem is one flagged session in a review.
type ReviewItem struct {
	ID           int64
	ReviewID     int64
	ConnectionID int64
	Connection   string
	SessionID    string
	Username     string
	Severity     risk.Severity
	Decision     string // the last decision on the whole session ("" = none)
	Note         string
	MarkedAt     time.Time
	MarkedBy     string
	Flags        []ReviewFlag
}

// Reviewed reports whether every flag of the item is decided.
func (it ReviewItem) Reviewed() bool {
	for _, f := range it.Flags {
		if f.Decision == "" {
			return false
		}
	}
	return true
}

// ReviewFlag is one flag of a reviewed session, with its own decision.
type ReviewFlag struct {
	N        int
	Rule     risk.Rule
	Severity risk.Severity
	Reason   string
	Decision string
	Note     string
	MarkedAt time.Time
	MarkedBy string
}

// StartReview opens a review of the current snapshots of the given connections (all when
// empty), compared with the last closed review, and writes the audit entry in the same
// transaction. Only one review is open at a time (ErrReviewOpen).
func (s *Store) StartReview(ctx context.Context, title, actor string, connectionIDs []int64, entry session.AuditEntry) (Review, error) {
	title = strings.TrimSpace(title)
	if len(title) > 200 {
		return Review{}, &ReviewError{"the review's title is longer than 200 characters"}
	}
	tx, done, err := s.begin(ctx)
	if err != nil {
		return Review{}, err
	}
	defer done()
	defer tx.Rollback()
	var open int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM reviews WHERE closed_at = 0 LIMIT 1`).Scan(&open); err == nil {
		return Review{}, fmt.Errorf("review %d: %w", open, ErrReviewOpen)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return Review{}, err
	}
	var since int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM reviews WHERE closed_at > 0 ORDER BY closed_at DESC, id DESC LIMIT 1`).
		Scan(&since); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Review{}, err
	}
	q := `SELECT c.id, c.name, s.id, s.started_at FROM connections c JOIN snapshots s ON s.id = c.current_snapshot_id`
	var args []any
	if len(connectionIDs) > 0 {
		q += ` WHERE c.id IN (` + placeholders(len(connectionIDs)) + `)`
		for _, id := range connectionIDs {
			args = append(args, id)
		}
	}
	rows, err := tx.QueryContext(ctx, q+` ORDER BY c.name COLLATE NOCASE`, args...)
	if err != nil {
		return Review{}, err
	}
	var pins []ReviewSnapshot
	for rows.Next() {
		var p ReviewSnapshot
		var at int64
		if err := rows.Scan(&p.ConnectionID, &p.Connection, &p.SnapshotID, &at); err != nil {
			rows.Close()
			return Review{}, err
		}
		p.SnapshotAt = time.UnixMilli(at).UTC()
		pins = append(pins, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Review{}, err
	}
	if len(pins) == 0 {
		return Review{}, &ReviewError{"nothing to review: refresh a connection first"}
	}
	now := s.now().UTC()
	if title == "" {
		title = "Review of " + now.Format("2 Jan 2006")
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO reviews(title, started_at, started_by, since_review_id) VALUES (?,?,?,?)`,
		title, now.UnixMilli(), actor, since)
	if err != nil {
		return Review{}, fmt.Errorf("start the review: %w", err)
	}
	id, _ := res.LastInsertId()
	for i := range pins {
		p := &pins[i]
		if since > 0 {
			err := tx.QueryRowContext(ctx, `SELECT snapshot_id FROM review_snapshots WHERE review_id = ? AND connection_id = ?`,
				since, p.ConnectionID).Scan(&p.SinceSnapshotID)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return Review{}, err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_snapshots(review_id, connection_id, connection, snapshot_id,
			snapshot_at, since_snapshot_id) VALUES (?,?,?,?,?,?)`, id, p.ConnectionID, p.Connection, p.SnapshotID,
			p.SnapshotAt.UnixMilli(), p.SinceSnapshotID); err != nil {
			return Review{}, err
		}
		if err := copyFlagged(ctx, tx, id, *p); err != nil {
			return Review{}, fmt.Errorf("copy the flagged sessions of %s: %w", p.Connection, err)
		}
	}
	entry.At, entry.Target = now, fmt.Sprintf("review %d", id)
	if _, err := appendAudit(ctx, tx, now, entry); err != nil {
		return Review{}, err
	}
	if err := tx.Commit(); err != nil {
		return Review{}, err
	}
	return s.Review(ctx, id)
}

// copyFlagged copies one pinned snapshot's flagged sessions and their flags into the review.
func copyFlagged(ctx context.Context, tx *sql.Tx, reviewID int64, p ReviewSnapshot) error {
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO review_items(review_id, connection_id, connection, session_id,
		username, row_id, severity) SELECT ?, s.connection_id, ?, s.session_id, s.username, s.id, sf.severity
		FROM session_flags sf JOIN sessions s ON s.id = sf.row_id WHERE sf.snapshot_id = ? ORDER BY sf.row_id`,
		reviewID, p.Connection, p.SnapshotID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO review_flags(item_id, n, review_id, rule, severity, reason)
		SELECT i.id, j.key, i.review_id, f.rule, f.severity, f.reason
		FROM review_items i JOIN session_flags sf ON sf.row_id = i.row_id, json_each('[' || sf.flag_ids || ']') AS j
		JOIN flags f ON f.id = j.value WHERE i.review_id = ? AND i.connection_id = ?`, reviewID, p.ConnectionID)
	return err
}

const reviewCols = `r.id, r.title, r.started_at, r.started_by, r.since_review_id, r.closed_at, r.closed_by,
	(SELECT count(*) FROM review_items i WHERE i.review_id = r.id),
	(SELECT count(*) FROM review_items i WHERE i.review_id = r.id AND NOT EXISTS
		(SELECT 1 FROM review_flags f WHERE f.item_id = i.id AND f.decision = ''))`

func scanReview(sc interface{ Scan(...any) error }) (Review, error) {
	var r Review
	var started, closed int64
	err := sc.Scan(&r.ID, &r.Title, &started, &r.StartedBy, &r.SinceReviewID, &closed, &r.ClosedBy, &r.Items, &r.Reviewed)
	r.StartedAt = time.UnixMilli(started).UTC()
	if closed > 0 {
		r.ClosedAt = time.UnixMilli(closed).UTC()
	}
	return r, err
}

// Review returns one review with its snapshots and progress.
func (s *Store) Review(ctx context.Context, id int64) (Review, error) {
	r, err := scanReview(s.db.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM reviews r WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("review %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT connection_id, connection, snapshot_id, snapshot_at, since_snapshot_id
		FROM review_snapshots WHERE review_id = ? ORDER BY connection COLLATE NOCASE`, id)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var p ReviewSnapshot
		var at int64
		if err := rows.Scan(&p.ConnectionID, &p.Connection, &p.SnapshotID, &at, &p.SinceSnapshotID); err != nil {
			return r, err
		}
		p.SnapshotAt = time.UnixMilli(at).UTC()
		r.Snapshots = append(r.Snapshots, p)
	}
	return r, rows.Err()
}

// Reviews lists every review, newest first, with its progress (not its snapshots).
func (s *Store) Reviews(ctx context.Context) ([]Review, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+reviewCols+` FROM reviews r ORDER BY r.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// OpenReview returns the open review, if any.
func (s *Store) OpenReview(ctx context.Context) (Review, bool, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM reviews WHERE closed_at = 0 LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Review{}, false, nil
	}
	if err != nil {
		return Review{}, false, err
	}
	r, err := s.Review(ctx, id)
	return r, err == nil, err
}

// CloseReview signs a review off with the reviewer's name and the time, and writes the audit
// entry in the same transaction. It is read-only from then on.
func (s *Store) CloseReview(ctx context.Context, id int64, reviewer string, entry session.AuditEntry) (Review, error) {
	reviewer = strings.TrimSpace(reviewer)
	if reviewer == "" {
		return Review{}, &ReviewError{"say who signs the review off (the reviewer's name)"}
	}
	if len(reviewer) > 200 {
		return Review{}, &ReviewError{"the reviewer's name is longer than 200 characters"}
	}
	tx, done, err := s.begin(ctx)
	if err != nil {
		return Review{}, err
	}
	defer done()
	defer tx.Rollback()
	if err := reviewWritable(ctx, tx, id); err != nil {
		return Review{}, err
	}
	now := s.now().UTC()
	if _, err := tx.ExecContext(ctx, `UPDATE reviews SET closed_at = ?, closed_by = ? WHERE id = ?`, now.UnixMilli(), reviewer, id); err != nil {
		return Review{}, fmt.Errorf("close review %d: %w", id, err)
	}
	entry.At, entry.Target = now, fmt.Sprintf("review %d", id)
	if _, err := appendAudit(ctx, tx, now, entry); err != nil {
		return Review{}, err
	}
	if err := tx.Commit(); err != nil {
		return Review{}, err
	}
	return s.Review(ctx, id)
}

// reviewWritable refuses a review that does not exist or is closed.
func reviewWritable(ctx context.Context, tx *sql.Tx, id int64) error {
	var closed int64
	err := tx.QueryRowContext(ctx, `SELECT closed_at FROM reviews WHERE id = ?`, id).Scan(&closed)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("review %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return err
	}
	if closed > 0 {
		return fmt.Errorf("review %d: %w", id, ErrReviewClosed)
	}
	return nil
}
