package store

import (
	"container/heap"
	"context"
	"fmt"
	"slices"
)

// usersByKeys returns the users rows of the given users (user_key values) across snaps, as
// usersLive would show them.
func (s *Store) usersByKeys(ctx context.Context, snaps []liveSnapshot, keys []string) (map[string]UserRow, error) {
	names := map[int64]string{}
	snapArgs := make([]any, len(snaps))
	for i, sn := range snaps {
		snapArgs[i] = sn.snapshotID
		names[sn.connectionID] = sn.name
	}
	out := make(map[string]UserRow, len(keys))
	const batch = 500
	for start := 0; start < len(keys); start += batch {
		part := keys[start:min(start+batch, len(keys))]
		args := slices.Clone(snapArgs)
		for _, k := range part {
			args = append(args, k)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` FROM sessions WHERE snapshot_id IN (`+
			placeholders(len(snaps))+`) AND user_key IN (`+placeholders(len(part))+`) GROUP BY user_key`, args...)
		if err != nil {
			return nil, fmt.Errorf("read users: %w", err)
		}
		for rows.Next() {
			key, u, err := scanUser(rows, names)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[key] = u
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// keyCount is one user's number of sessions in one snapshot (or merged, in all).
type keyCount struct {
	key string
	n   int
}

// usersBySessions returns the n users holding the most sessions across snaps (ties by key), and
// how many users there are. Each snapshot's users come in key order from its user_key index,
// counted there (no row is read); the orderly lists are merged here. Grouping every session at
// once in SQL sorted a million rows first.
func (s *Store) usersBySessions(ctx context.Context, snaps []liveSnapshot, n int) ([]string, int, error) {
	streams := make([][]keyCount, len(snaps))
	for i, sn := range snaps {
		rows, err := s.db.QueryContext(ctx, `SELECT user_key, count(*) FROM sessions WHERE snapshot_id = ?
			GROUP BY user_key ORDER BY user_key`, sn.snapshotID)
		if err != nil {
			return nil, 0, fmt.Errorf("count sessions by user: %w", err)
		}
		for rows.Next() {
			var kc keyCount
			if err := rows.Scan(&kc.key, &kc.n); err != nil {
				rows.Close()
				return nil, 0, err
			}
			streams[i] = append(streams[i], kc)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, err
		}
	}
	top := &worstFirst{}
	heads := make([]int, len(streams))
	total := 0
	for {
		// The smallest key at the head of any list, and its sessions in all of them.
		var least *string
		for i, l := range streams {
			if heads[i] < len(l) && (least == nil || l[heads[i]].key < *least) {
				least = &l[heads[i]].key
			}
		}
		if least == nil {
			break
		}
		u := keyCount{key: *least}
		for i, l := range streams {
			if heads[i] < len(l) && l[heads[i]].key == u.key {
				u.n += l[heads[i]].n
				heads[i]++
			}
		}
		total++
		if top.Len() < n {
			heap.Push(top, u)
		} else if n > 0 && better(u, (*top)[0]) {
			(*top)[0] = u
			heap.Fix(top, 0)
		}
	}
	ranked := slices.Clone(*top)
	slices.SortFunc(ranked, func(a, b keyCount) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	keys := make([]string, len(ranked))
	for i, u := range ranked {
		keys[i] = u.key
	}
	return keys, total, nil
}

// better orders users as the default ranking does: more sessions first, then by key.
func better(a, b keyCount) bool { return a.n > b.n || a.n == b.n && a.key < b.key }

// worstFirst is a heap whose top is the user the ranking would drop first.
type worstFirst []keyCount

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return better(h[j], h[i]) }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(keyCount)) }
func (h *worstFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
