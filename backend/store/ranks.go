package store

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
)

// Ranks: for the current snapshots, each row's position in every sort column's order (key, then
// id) across all of them, built in the background once the snapshots stop changing (after the
// last refresh of a "refresh all", and at open).
//
// A filtered view then needs no sort keys from the rows: its matching ids come from the filter's
// index alone and are ordered by rank. Fetching each match's sort key from its table row (a
// random read per match) was most of the cost of a filtered view's first window.
//
// The ranks of a set of snapshots order any subset of them correctly, so a query over some of
// the orgs uses them too. Memory: 4 bytes per row per column plus 8 per row, about 45 MB at a
// million sessions.

// rankColumns are the indexed sort columns, the likeliest first.
var rankColumns = []string{"last_active_at", "user_key", "created_at", "source_ip", "location_key",
	"session_type", "login_type", "user_type", "security_level", "expires_at"}

// ranksEnabled lets tests check the sorted plan without ranks too.
var ranksEnabled = true

type rankSet struct {
	gen   uint64 // anchor cache generation it was built in (see anchorCache.generation)
	snaps map[int64]*snapRanks
}

type snapRanks struct {
	ids  []int64             // the snapshot's row ids, ascending
	rank map[string][]uint32 // per column: the position of ids[i] in the order of every snapshot's rows
}

type rankCache struct {
	build sync.Mutex // held by buildRanks
	mu    sync.Mutex
	set   *rankSet
	job   rerun
}

// ranksFor returns, for each snapshot (in order), its ids and their ranks in col; nil when the
// ranks do not cover them all.
func (s *Store) ranksFor(snaps []liveSnapshot, col string) []*snapRanks {
	if !ranksEnabled {
		return nil
	}
	r := &s.ranks
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.set == nil || len(snaps) == 0 || r.set.gen != snaps[0].gen {
		return nil
	}
	out := make([]*snapRanks, len(snaps))
	for i, sn := range snaps {
		sr := r.set.snaps[sn.snapshotID]
		if sr == nil || sr.rank[col] == nil {
			return nil
		}
		out[i] = &snapRanks{ids: sr.ids, rank: map[string][]uint32{col: sr.rank[col]}}
	}
	return out
}

// warmRanks schedules a build of the ranks of the current snapshots.
func (s *Store) warmRanks() {
	s.start(&s.ranks.job, 0, func(ctx context.Context) { s.buildRanks(ctx) })
}

// buildRanks ranks the current snapshots' rows column after column, publishing each column as
// it is done. An error (the store closing) leaves the columns done so far in use.
func (s *Store) buildRanks(ctx context.Context) error {
	s.ranks.build.Lock() // one build at a time
	defer s.ranks.build.Unlock()
	snaps, err := s.currentSnapshots(ctx, nil)
	if err != nil || len(snaps) == 0 {
		return err
	}
	gen := snaps[0].gen // read with the snapshots: the set is labelled with what it was built from
	if s.ranksFor(snaps, rankColumns[len(rankColumns)-1]) != nil {
		return nil // these snapshots are ranked already
	}
	set := &rankSet{gen: gen, snaps: map[int64]*snapRanks{}}
	for _, sn := range snaps {
		set.snaps[sn.snapshotID] = &snapRanks{rank: map[string][]uint32{}}
	}
	r := &s.ranks
	for _, col := range rankColumns {
		ranks, err := s.rankColumn(ctx, snaps, set, col)
		if err != nil {
			return err
		}
		// Published even if a connection was removed meanwhile: ranksFor serves a set only to
		// queries of the generation it was built in.
		r.mu.Lock()
		for i, sn := range snaps {
			set.snaps[sn.snapshotID].rank[col] = ranks[i]
		}
		r.set = set // the previous set serves until this one has its first column
		r.mu.Unlock()
	}
	return nil
}

type keyedRow struct {
	k  any
	id int64
}

// rankColumn reads every snapshot's (key, id) pairs in order from col's index and merges them.
func (s *Store) rankColumn(ctx context.Context, snaps []liveSnapshot, set *rankSet, col string) ([][]uint32, error) {
	streams := make([][]keyedRow, len(snaps))
	for i, sn := range snaps {
		rows, err := s.db.QueryContext(ctx, fmt.Sprintf(`SELECT id, %s FROM sessions WHERE snapshot_id = ? ORDER BY %s, id`,
			col, col), sn.snapshotID)
		if err != nil {
			return nil, err
		}
		l := make([]keyedRow, 0, sn.count)
		for rows.Next() {
			var r keyedRow
			if err := rows.Scan(&r.id, &r.k); err != nil {
				rows.Close()
				return nil, err
			}
			l = append(l, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		streams[i] = l
		s.ranks.mu.Lock()
		sr := set.snaps[sn.snapshotID]
		if sr.ids == nil {
			ids := make([]int64, len(l))
			for j, r := range l {
				ids[j] = r.id
			}
			slices.Sort(ids)
			sr.ids = ids
		}
		s.ranks.mu.Unlock()
	}
	out := make([][]uint32, len(snaps))
	for i, sn := range snaps {
		out[i] = make([]uint32, len(set.snaps[sn.snapshotID].ids))
	}
	// Merge: the smallest head among the streams, again and again.
	heads := make([]int, len(streams))
	for rank := uint32(0); ; rank++ {
		best := -1
		for i, l := range streams {
			if heads[i] < len(l) && (best < 0 || compareKeyed(l[heads[i]], streams[best][heads[best]]) < 0) {
				best = i
			}
		}
		if best < 0 {
			return out, nil
		}
		r := streams[best][heads[best]]
		heads[best]++
		ids := set.snaps[snaps[best].snapshotID].ids
		if p, ok := slices.BinarySearch(ids, r.id); ok {
			out[best][p] = rank
		}
	}
}

func compareKeyed(a, b keyedRow) int {
	return cmp.Or(compareSQL(a.k, b.k), cmp.Compare(a.id, b.id))
}

// compareSQL orders values as SQLite does with the BINARY collation: NULL, then numbers, then
// text (bytewise), then blobs.
func compareSQL(a, b any) int {
	class := func(v any) int {
		switch v.(type) {
		case nil:
			return 0
		case int64, float64:
			return 1
		case string:
			return 2
		default:
			return 3
		}
	}
	if ca, cb := class(a), class(b); ca != cb {
		return cmp.Compare(ca, cb)
	}
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			return cmp.Compare(x, y)
		}
		return cmp.Compare(float64(x), b.(float64))
	case float64:
		if y, ok := b.(int64); ok {
			return cmp.Compare(x, float64(y))
		}
		return cmp.Compare(x, b.(float64))
	case string:
		return cmp.Compare(x, b.(string))
	case []byte:
		return bytes.Compare(x, b.([]byte))
	}
	return 0
}

// windowRanked finds every match through the filter's indexes (ids only) and orders the matches
// by rank; the whole result is kept, so later windows of it are slices.
func (s *Store) windowRanked(ctx context.Context, snaps []liveSnapshot, ranks []*snapRanks, key, col string, lo, hi int, where string, args []any) ([]int64, error) {
	type ranked struct {
		r  uint32
		id int64
	}
	var all []ranked
	for i, sn := range snaps {
		rows, err := s.db.QueryContext(ctx, `SELECT id FROM sessions WHERE snapshot_id = ?`+where,
			append([]any{sn.snapshotID}, args...)...)
		if err != nil {
			return nil, err
		}
		ids, rk := ranks[i].ids, ranks[i].rank[col]
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			p, ok := slices.BinarySearch(ids, id)
			if !ok {
				rows.Close()
				return nil, fmt.Errorf("row %d of snapshot %d is not ranked", id, sn.snapshotID)
			}
			all = append(all, ranked{rk[p], id})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(all, func(a, b ranked) int { return cmp.Compare(a.r, b.r) })
	ids := make([]int64, len(all))
	for i, r := range all {
		ids[i] = r.id
	}
	s.anchors.keepSorted(key, ids)
	lo, hi = min(lo, len(ids)), min(hi, len(ids))
	return slices.Clone(ids[lo:hi]), nil
}

// rankedAll is the whole unfiltered result of snaps in rank order: each row placed at its rank,
// the gaps (rows of snapshots not asked for) squeezed out. No SQL at all.
func (s *Store) rankedAll(snaps []liveSnapshot, ranks []*snapRanks, key, col string) []int64 {
	var n uint32
	for _, r := range ranks {
		for _, p := range r.rank[col] {
			n = max(n, p+1)
		}
	}
	at := make([]int64, n) // 0: no row (row ids start at 1)
	rows := 0
	for _, r := range ranks {
		rk := r.rank[col]
		for i, id := range r.ids {
			at[rk[i]] = id
		}
		rows += len(r.ids)
	}
	ids := make([]int64, 0, rows) // its own array: at spans every ranked row, not just these
	for _, id := range at {
		if id != 0 {
			ids = append(ids, id)
		}
	}
	s.anchors.keepSorted(key, ids)
	return ids
}
