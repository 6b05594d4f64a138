package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"sessionscope/backend/store/internal/window"
)

// usersTopN is how much of the default users ranking (every current snapshot, no filter, most
// sessions first) is kept ready: grouping a million sessions by user takes seconds, so it is
// done once per change of the current snapshots, in the background, and served from memory.
const usersTopN = 1000

// usersTopDelay lets the completions of a "refresh all" settle before the ranking is rebuilt.
const usersTopDelay = 500 * time.Millisecond

type usersTop struct {
	mu      sync.Mutex
	key     string    // the snapshot ids the ranking was computed from
	rows    []UserRow // the first usersTopN users
	total   int
	ready   chan struct{} // closed when the computation for pending finishes
	pending string        // the key being computed ("" when idle)
	job     window.Rerun
	writers int // snapshots being written: the ranking waits until the last one finishes
}

// snapshotStarted and snapshotFinished bracket the writing of a snapshot. A "refresh all"
// completes its orgs one after another; the ranking is rebuilt once, when the last finishes,
// instead of grouping every session again after each one while the others are still writing.
func (s *Store) snapshotStarted() {
	s.top.mu.Lock()
	s.top.writers++
	s.top.mu.Unlock()
}

func (s *Store) snapshotFinished() {
	s.top.mu.Lock()
	s.top.writers--
	last := s.top.writers == 0
	s.top.mu.Unlock()
	if last {
		s.warmUsersTop()
		s.win.WarmRanks()
	}
}

func snapshotsKey(snaps []liveSnapshot) string {
	var b strings.Builder
	for _, sn := range snaps {
		b.WriteString(strconv.FormatInt(sn.snapshotID, 10))
		b.WriteByte(',')
	}
	return b.String()
}

// defaultRanking reports whether q asks for a window of the default users ranking.
func defaultRanking(q UsersQuery) bool {
	return q.Filter.Empty() && len(q.Filter.ConnectionIDs) == 0 && q.Sort == "sessions" && q.Desc &&
		q.Offset+q.Limit <= usersTopN
}

// usersFromTop answers q from the kept ranking when it is for snaps (waiting for a computation
// of exactly these snapshots that is under way); ok is false when it cannot.
func (s *Store) usersFromTop(ctx context.Context, snaps []liveSnapshot, q UsersQuery) ([]UserRow, int, bool) {
	key := snapshotsKey(snaps)
	t := &s.top
	t.mu.Lock()
	if t.pending == key && t.ready != nil {
		ready := t.ready
		t.mu.Unlock()
		select {
		case <-ready:
		case <-ctx.Done():
			return nil, 0, false
		}
		t.mu.Lock()
	}
	defer t.mu.Unlock()
	if t.key != key {
		return nil, 0, false
	}
	lo, hi := min(q.Offset, len(t.rows)), min(q.Offset+q.Limit, len(t.rows))
	out := make([]UserRow, hi-lo)
	copy(out, t.rows[lo:hi])
	return out, t.total, true
}

// warmUsersTop schedules a rebuild of the default ranking (after the snapshots changed).
func (s *Store) warmUsersTop() {
	s.win.Start(&s.top.job, usersTopDelay, s.rebuildUsersTop)
}

func (s *Store) rebuildUsersTop(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	snaps, err := s.currentSnapshots(ctx, nil)
	if err != nil || len(snaps) == 0 {
		return
	}
	key := snapshotsKey(snaps)
	t := &s.top
	t.mu.Lock()
	if t.key == key {
		t.mu.Unlock()
		return
	}
	ready := make(chan struct{})
	t.pending, t.ready = key, ready
	t.mu.Unlock()
	rows, total, err := s.rankUsers(ctx, snaps)
	t.mu.Lock()
	if err == nil {
		t.key, t.rows, t.total = key, rows, total
	}
	t.pending, t.ready = "", nil
	t.mu.Unlock()
	close(ready)
}

// rankUsers computes the default ranking's first usersTopN users and the number of users.
func (s *Store) rankUsers(ctx context.Context, snaps []liveSnapshot) ([]UserRow, int, error) {
	keys, total, err := s.usersBySessions(ctx, snaps, usersTopN)
	if err != nil {
		return nil, 0, err
	}
	byKey, err := s.usersByKeys(ctx, snaps, keys)
	if err != nil {
		return nil, 0, err
	}
	rows := make([]UserRow, 0, len(keys))
	for _, k := range keys {
		u, ok := byKey[k]
		if !ok {
			return nil, 0, fmt.Errorf("user %q was counted but not found", k)
		}
		rows = append(rows, u)
	}
	return rows, total, nil
}

// usersTotal is the number of users across snaps, when the kept ranking is of those snapshots
// (waiting for a computation of exactly them that is under way, as usersFromTop does).
func (s *Store) usersTotal(ctx context.Context, snaps []liveSnapshot) (int, bool) {
	_, total, ok := s.usersFromTop(ctx, snaps, UsersQuery{Limit: 0})
	return total, ok
}
