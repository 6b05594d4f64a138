package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"sessionscope/backend/store/internal/window"
)

// Users by last activity, newest first: the users of the sessions most recently active. Their
// order is read by walking the sessions newest activity first (a window of the sessions table,
// cheap with ranks or anchors) until every user of the asked window has been met, and only those
// users are then grouped. Grouping every session by user first (the live query) took seconds.

// recentWalkRows bounds the walk: past it, a window that deep goes to the live query.
const recentWalkRows = 50000

// recentRanking reports whether q asks for the users of every connection by last activity,
// newest first, with no filter.
func recentRanking(q UsersQuery) bool {
	return q.Filter.Empty() && len(q.Filter.ConnectionIDs) == 0 && q.Sort == "last_active_at" && q.Desc
}

// usersByRecent answers q (see recentRanking) when the number of users is known from the kept
// default ranking and the walk stays within recentWalkRows; ok is false when it does not answer.
func (s *Store) usersByRecent(ctx context.Context, snaps []liveSnapshot, q UsersQuery) ([]UserRow, int, bool, error) {
	total, known := s.usersTotal(ctx, snaps)
	if !known {
		return nil, 0, false, nil
	}
	type met struct {
		key  string
		last int64
	}
	want := q.Offset + q.Limit
	var users []met
	seen := map[string]bool{}
	boundary := int64(0) // the last activity of the want-th user met
	const batch = 500
	ws := windowSnapshots(snaps)
walk:
	for pos := 0; ; pos += batch {
		if pos >= recentWalkRows {
			return nil, 0, false, nil
		}
		ids, _, err := s.win.Window(ctx, ws, window.Request{Col: "last_active_at", Desc: true, Offset: pos, Limit: batch})
		if err != nil {
			return nil, 0, false, err
		}
		if len(ids) == 0 {
			break // every session walked
		}
		keys, lasts, err := s.userKeysOf(ctx, ids)
		if err != nil {
			return nil, 0, false, err
		}
		for i := range ids {
			// Every user whose latest session is as recent as the boundary has been met, ties too.
			if len(users) >= want && lasts[i] < boundary {
				break walk
			}
			if !seen[keys[i]] {
				seen[keys[i]] = true
				users = append(users, met{keys[i], lasts[i]})
				if len(users) == want {
					boundary = lasts[i]
				}
			}
		}
	}
	slices.SortStableFunc(users, func(a, b met) int { return cmp.Or(cmp.Compare(b.last, a.last), cmp.Compare(a.key, b.key)) })
	users = users[min(q.Offset, len(users)):min(want, len(users))]
	keys := make([]string, len(users))
	for i, u := range users {
		keys[i] = u.key
	}
	rows, err := s.usersByKeys(ctx, snaps, keys)
	if err != nil {
		return nil, 0, false, err
	}
	var out []UserRow // nil when empty, as the live query's
	for _, k := range keys {
		u, ok := rows[k]
		if !ok {
			return nil, 0, false, fmt.Errorf("user %q of the current sessions was not found again", k)
		}
		out = append(out, u)
	}
	return out, total, true, nil
}

// userKeysOf returns the user key and last activity of each row, in the order of ids.
func (s *Store) userKeysOf(ctx context.Context, ids []int64) ([]string, []int64, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_key, last_active_at FROM sessions WHERE id IN (`+
		placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	type keyed struct {
		key  string
		last int64
	}
	byID := make(map[int64]keyed, len(ids))
	for rows.Next() {
		var id int64
		var k keyed
		if err := rows.Scan(&id, &k.key, &k.last); err != nil {
			return nil, nil, err
		}
		byID[id] = k
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	keys, lasts := make([]string, len(ids)), make([]int64, len(ids))
	for i, id := range ids {
		k, ok := byID[id]
		if !ok {
			return nil, nil, fmt.Errorf("session row %d is gone", id)
		}
		keys[i], lasts[i] = k.key, k.last
	}
	return keys, lasts, nil
}
