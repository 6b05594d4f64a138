package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"sessionscope/backend/session"
)

// SignOutTarget is one session a selection picked from a connection's current snapshot, with
// what planning needs to decide whether and how to end it.
type SignOutTarget struct {
	SessionID   string
	ParentID    string
	UserID      string
	Username    string
	SessionType string
	SourceIP    string
	IsCurrent   bool      // the session SessionScope itself is signed in with
	ExpiresAt   time.Time // zero = unknown
	SignedOutAt time.Time // signed out from here since the snapshot was taken (zero = not)
	HeldBy      int64     // an unfinished sign-out job that holds this session (0 = none)
}

// TargetSet is what a selection picked in one connection.
type TargetSet struct {
	ConnectionID int64
	Connection   string
	SnapshotAt   time.Time // when the snapshot the targets come from was taken
	Targets      []SignOutTarget
	Missing      int      // ticked sessions that are not in the current snapshot (gone since)
	OwnUsers     []string // users holding the session SessionScope is signed in with
}

// SelectionTargets resolves a selection against the current snapshots, one set per connection
// that has one (by name). Ticked sessions of a connection without a snapshot count as missing.
func (s *Store) SelectionTargets(ctx context.Context, sel session.Selection) ([]TargetSet, error) {
	if err := sel.Validate(); err != nil {
		return nil, err
	}
	byConn := map[int64][]string{}
	var ids []int64
	if len(sel.Keys) > 0 {
		for _, k := range sel.Keys {
			if _, ok := byConn[k.ConnectionID]; !ok {
				ids = append(ids, k.ConnectionID)
			}
			byConn[k.ConnectionID] = append(byConn[k.ConnectionID], k.SessionID)
		}
	} else if sel.Filter != nil {
		ids = sel.Filter.ConnectionIDs
	}
	snaps, err := s.currentSnapshots(ctx, ids)
	if err != nil {
		return nil, err
	}
	excluded := map[session.SessionKey]bool{}
	for _, k := range sel.Exclude {
		excluded[k] = true
	}
	var out []TargetSet
	for _, sn := range snaps {
		set := TargetSet{ConnectionID: sn.connectionID, Connection: sn.name}
		var at int64
		if err := s.db.QueryRowContext(ctx, `SELECT started_at FROM snapshots WHERE id = ?`, sn.snapshotID).Scan(&at); err != nil {
			return nil, err
		}
		set.SnapshotAt = time.UnixMilli(at).UTC()
		if set.OwnUsers, err = s.ownUsers(ctx, sn.snapshotID); err != nil {
			return nil, err
		}
		held, heldUsers, err := s.heldSessions(ctx, sn.connectionID)
		if err != nil {
			return nil, err
		}
		keep := func(t SignOutTarget) {
			if excluded[session.SessionKey{ConnectionID: sn.connectionID, SessionID: t.SessionID}] {
				return
			}
			if job := held[t.SessionID]; job != 0 {
				t.HeldBy = job
			} else if job := heldUsers[t.UserID]; job != 0 && t.UserID != "" {
				t.HeldBy = job
			}
			set.Targets = append(set.Targets, t)
		}
		if len(sel.Keys) > 0 {
			want := byConn[sn.connectionID]
			delete(byConn, sn.connectionID)
			found := 0
			for start := 0; start < len(want); start += 500 {
				chunk := want[start:min(start+500, len(want))]
				args := []any{sn.snapshotID}
				for _, id := range chunk {
					args = append(args, id)
				}
				n, err := s.scanTargets(ctx, ` AND sessions.session_id IN (`+placeholders(len(chunk))+`)`, args, keep)
				if err != nil {
					return nil, err
				}
				found += n
			}
			set.Missing = len(want) - found
		} else {
			where, args, err := selectionSQL(sel)
			if err != nil {
				return nil, err
			}
			if _, err := s.scanTargets(ctx, where, append([]any{sn.snapshotID}, args...), keep); err != nil {
				return nil, err
			}
		}
		out = append(out, set)
	}
	// Ticked sessions of connections without a current snapshot.
	for id, want := range byConn {
		c, err := s.Connection(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("a ticked session belongs to connection %d: %w", id, err)
		}
		out = append(out, TargetSet{ConnectionID: id, Connection: c.Name, Missing: len(want)})
	}
	return out, nil
}

// selectionSQL is the WHERE fragment of a filter and/or user selection.
func selectionSQL(sel session.Selection) (string, []any, error) {
	var where string
	var args []any
	if sel.Filter != nil {
		w, a, err := filterSQL(*sel.Filter)
		if err != nil {
			return "", nil, err
		}
		where, args = w, a
	}
	if u := strings.TrimSpace(sel.User); u != "" {
		where += ` AND (user_key = ? OR user_id = ?)`
		args = append(args, strings.ToLower(u), u)
	}
	return where, args, nil
}

// scanTargets reads the matching rows of one snapshot (args start with its id) in row order.
func (s *Store) scanTargets(ctx context.Context, where string, args []any, fn func(SignOutTarget)) (int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT sessions.session_id, sessions.parent_id, sessions.user_id,
		sessions.username, sessions.session_type, sessions.source_ip, sessions.is_current, sessions.expires_at,
		coalesce(o.at, 0) FROM sessions
		LEFT JOIN signouts o ON o.connection_id = sessions.connection_id AND o.session_id = sessions.session_id
		WHERE sessions.snapshot_id = ?`+where+` ORDER BY sessions.id`, args...)
	if err != nil {
		return 0, fmt.Errorf("read the selected sessions: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var t SignOutTarget
		var expires, signed int64
		if err := rows.Scan(&t.SessionID, &t.ParentID, &t.UserID, &t.Username, &t.SessionType, &t.SourceIP,
			&t.IsCurrent, &expires, &signed); err != nil {
			return n, err
		}
		t.ExpiresAt = fromMS(nullInt(expires))
		t.SignedOutAt = fromMS(nullInt(signed))
		fn(t)
		n++
	}
	return n, rows.Err()
}

// heldSessions lists the sessions (and users, for user-wide items) of a connection that a
// sign-out job not yet finished still has to act on: a new plan leaves them to that job.
func (s *Store) heldSessions(ctx context.Context, connectionID int64) (map[string]int64, map[string]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT i.method, i.target, i.job_id FROM signout_items i
		JOIN signout_jobs j ON j.id = i.job_id
		WHERE i.connection_id = ? AND i.state IN ('pending', 'sending') AND j.action = 'signout'
		AND j.state IN ('ready', 'running', 'incomplete')`, connectionID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	sessions, users := map[string]int64{}, map[string]int64{}
	for rows.Next() {
		var method, target string
		var job int64
		if err := rows.Scan(&method, &target, &job); err != nil {
			return nil, nil, err
		}
		switch method {
		case MethodUser:
			users[target] = job
		case MethodBatch, MethodSession:
			sessions[target] = job
		}
	}
	return sessions, users, rows.Err()
}

// ownUsers lists the users of a snapshot's current (the app's own) sessions.
func (s *Store) ownUsers(ctx context.Context, snapshotID int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT user_id FROM sessions WHERE snapshot_id = ? AND is_current = 1 AND user_id <> ''`, snapshotID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
