package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"sessionscope/backend/risk"
)

// Mark is one decision on a reviewed session, or on one rule's flags of it.
type Mark struct {
	ItemID       int64     // the review item; or, when 0, the session by connection and id
	ConnectionID int64     //
	SessionID    string    //
	Rule         risk.Rule // "" = the whole session (every flag of it)
	Decision     string    // one of Decisions
	Note         string
}

// ReviewMark is one mark as it was made (the review's log).
type ReviewMark struct {
	ID       int64
	ItemID   int64
	Rule     risk.Rule
	Decision string
	Note     string
	At       time.Time
	Actor    string
}

const maxNote = 4000

// MarkReview records a decision (and note) on a session of an open review, or on one rule's
// flags of it, and appends it to the review's log. It returns the item as it now stands.
func (s *Store) MarkReview(ctx context.Context, reviewID int64, m Mark, actor string) (ReviewItem, error) {
	if !slices.Contains(Decisions, m.Decision) {
		return ReviewItem{}, &ReviewError{fmt.Sprintf("%q is not a review decision: use %s", m.Decision, strings.Join(Decisions, ", "))}
	}
	if len(m.Note) > maxNote {
		return ReviewItem{}, &ReviewError{fmt.Sprintf("the note is longer than %d characters", maxNote)}
	}
	tx, done, err := s.begin(ctx)
	if err != nil {
		return ReviewItem{}, err
	}
	defer done()
	defer tx.Rollback()
	if err := reviewWritable(ctx, tx, reviewID); err != nil {
		return ReviewItem{}, err
	}
	item := m.ItemID
	if item == 0 {
		err = tx.QueryRowContext(ctx, `SELECT id FROM review_items WHERE review_id = ? AND connection_id = ? AND session_id = ?`,
			reviewID, m.ConnectionID, m.SessionID).Scan(&item)
	} else {
		err = tx.QueryRowContext(ctx, `SELECT id FROM review_items WHERE review_id = ? AND id = ?`, reviewID, item).Scan(&item)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ReviewItem{}, &ReviewError{"that session is not among the flagged sessions of this review"}
	}
	if err != nil {
		return ReviewItem{}, err
	}
	now := s.now().UTC().UnixMilli()
	res, err := tx.ExecContext(ctx, `UPDATE review_flags SET decision = ?, note = ?, marked_at = ?, marked_by = ?
		WHERE item_id = ? AND (? = '' OR rule = ?)`, m.Decision, m.Note, now, actor, item, string(m.Rule), string(m.Rule))
	if err != nil {
		return ReviewItem{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 && m.Rule != "" {
		return ReviewItem{}, &ReviewError{fmt.Sprintf("this session has no %s flag in the review", m.Rule)}
	}
	if m.Rule == "" {
		if _, err := tx.ExecContext(ctx, `UPDATE review_items SET decision = ?, note = ?, marked_at = ?, marked_by = ? WHERE id = ?`,
			m.Decision, m.Note, now, actor, item); err != nil {
			return ReviewItem{}, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO review_marks(review_id, item_id, rule, decision, note, at, actor)
		VALUES (?,?,?,?,?,?,?)`, reviewID, item, string(m.Rule), m.Decision, m.Note, now, actor); err != nil {
		return ReviewItem{}, err
	}
	if err := tx.Commit(); err != nil {
		return ReviewItem{}, err
	}
	items, err := s.reviewItems(ctx, `i.id = ?`, []any{item}, 0, 1)
	if err != nil || len(items) == 0 {
		return ReviewItem{}, err
	}
	return items[0], nil
}

// ReviewItemsQuery selects a window of a review's flagged sessions.
type ReviewItemsQuery struct {
	Pending bool // only sessions with a flag still undecided
	Offset  int
	Limit   int // 1–1000
}

// ReviewItems returns a window of a review's flagged sessions, most severe first, and how many
// the query selects.
func (s *Store) ReviewItems(ctx context.Context, reviewID int64, q ReviewItemsQuery) ([]ReviewItem, int, error) {
	if q.Limit <= 0 || q.Limit > 1000 || q.Offset < 0 {
		return nil, 0, &ReviewError{"the window must hold 1–1000 items from a non-negative offset"}
	}
	if _, err := s.Review(ctx, reviewID); err != nil {
		return nil, 0, err
	}
	where, args := `i.review_id = ?`, []any{reviewID}
	if q.Pending {
		where += ` AND EXISTS (SELECT 1 FROM review_flags f WHERE f.item_id = i.id AND f.decision = '')`
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM review_items i WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	items, err := s.reviewItems(ctx, where, args, q.Offset, q.Limit)
	return items, total, err
}

func (s *Store) reviewItems(ctx context.Context, where string, args []any, offset, limit int) ([]ReviewItem, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.review_id, i.connection_id, i.connection, i.session_id, i.username,
		i.severity, i.decision, i.note, i.marked_at, i.marked_by FROM review_items i WHERE `+where+`
		ORDER BY i.review_id, i.severity DESC, i.id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	var out []ReviewItem
	index := map[int64]int{}
	for rows.Next() {
		var it ReviewItem
		var at int64
		if err := rows.Scan(&it.ID, &it.ReviewID, &it.ConnectionID, &it.Connection, &it.SessionID, &it.Username, &it.Severity,
			&it.Decision, &it.Note, &at, &it.MarkedBy); err != nil {
			rows.Close()
			return nil, err
		}
		it.MarkedAt = msTime(at)
		index[it.ID] = len(out)
		out = append(out, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]any, 0, len(out))
	for _, it := range out {
		ids = append(ids, it.ID)
	}
	frows, err := s.db.QueryContext(ctx, `SELECT item_id, n, rule, severity, reason, decision, note, marked_at, marked_by
		FROM review_flags WHERE item_id IN (`+placeholders(len(ids))+`) ORDER BY item_id, n`, ids...)
	if err != nil {
		return nil, err
	}
	defer frows.Close()
	for frows.Next() {
		var f ReviewFlag
		var item, at int64
		var rule string
		if err := frows.Scan(&item, &f.N, &rule, &f.Severity, &f.Reason, &f.Decision, &f.Note, &at, &f.MarkedBy); err != nil {
			return nil, err
		}
		f.Rule, f.MarkedAt = risk.Rule(rule), msTime(at)
		out[index[item]].Flags = append(out[index[item]].Flags, f)
	}
	return out, frows.Err()
}

// ReviewMarks returns a review's log of marks, oldest first.
func (s *Store) ReviewMarks(ctx context.Context, reviewID int64) ([]ReviewMark, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, item_id, rule, decision, note, at, actor FROM review_marks
		WHERE review_id = ? ORDER BY id`, reviewID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReviewMark
	for rows.Next() {
		var m ReviewMark
		var rule string
		var at int64
		if err := rows.Scan(&m.ID, &m.ItemID, &rule, &m.Decision, &m.Note, &at, &m.Actor); err != nil {
			return nil, err
		}
		m.Rule, m.At = risk.Rule(rule), msTime(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

func msTime(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}
