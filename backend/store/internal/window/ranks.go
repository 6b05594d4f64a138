package window

import (
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
//
// The value columns (times) keep each row's value beside its ranks, 8 bytes per row each: a
// filter on a range of them is then answered in memory (onepass.go) instead of reading the rows
// of the index range, which for "active this week" is most of them.

type rankSet struct {
	gen   uint64 // generation it was built in (see Engine.Generation)
	rows  int    // rows of every snapshot ranked: ranks are below it
	snaps map[int64]*snapRanks
}

type snapRanks struct {
	ids  []int64             // the snapshot's row ids, ascending
	rank map[string][]uint32 // per column: the position of ids[i] in the order of every snapshot's rows
	vals map[string][]int64  // per value column: the value of ids[i]
}

type rankCache struct {
	build sync.Mutex // held by BuildRanks
	mu    sync.Mutex
	set   *rankSet
	job   Rerun
}

// ranksFor returns, for each snapshot (in order), its ids, their ranks in col and their values
// of the value columns asked for; nil when the ranks do not cover them all.
func (e *Engine) ranksFor(snaps []Snapshot, col string, valueCols ...string) []*snapRanks {
	out, _ := e.rankedSet(snaps, col, valueCols...)
	return out
}

// rankedSet is ranksFor with the number of rows ranked (every rank is below it).
func (e *Engine) rankedSet(snaps []Snapshot, col string, valueCols ...string) ([]*snapRanks, int) {
	if e.tune.NoRanks {
		return nil, 0
	}
	r := &e.ranks
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.set == nil || len(snaps) == 0 || r.set.gen != snaps[0].Gen {
		return nil, 0
	}
	out := make([]*snapRanks, len(snaps))
	for i, sn := range snaps {
		sr := r.set.snaps[sn.ID]
		if sr == nil || sr.rank[col] == nil {
			return nil, 0
		}
		out[i] = &snapRanks{ids: sr.ids, rank: map[string][]uint32{col: sr.rank[col]}}
		for _, v := range valueCols {
			if sr.vals[v] == nil {
				return nil, 0
			}
			if out[i].vals == nil {
				out[i].vals = map[string][]int64{}
			}
			out[i].vals[v] = sr.vals[v]
		}
	}
	return out, r.set.rows
}

// Ranked reports whether the ranks of col cover snaps.
func (e *Engine) Ranked(snaps []Snapshot, col string) bool { return e.ranksFor(snaps, col) != nil }

// WarmRanks schedules a build of the ranks of the current snapshots.
func (e *Engine) WarmRanks() {
	e.Start(&e.ranks.job, 0, func(ctx context.Context) { e.BuildRanks(ctx) })
}

// ForgetRanks lets go of the ranks of a snapshot that is no longer current (a newer one of its
// connection replaced it): no query of the current snapshots asks for them again, and held until
// the next build they kept a whole set of ranks (about 60 MB at a million rows) alive through the
// next "refresh all", beside the pages being written and the set built after it. The other
// snapshots' ranks stay: they order any subset of the rows they were built from. The set is
// replaced, not changed in place, since a build in progress may still be filling it.
func (e *Engine) ForgetRanks(snapshotID int64) {
	r := &e.ranks
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.set == nil || r.set.snaps[snapshotID] == nil {
		return
	}
	kept := &rankSet{gen: r.set.gen, rows: r.set.rows, snaps: make(map[int64]*snapRanks, len(r.set.snaps)-1)}
	for id, sr := range r.set.snaps {
		if id != snapshotID {
			kept.snaps[id] = sr
		}
	}
	r.set = kept
}

// RanksBusy reports whether a rank build is running or scheduled.
func (e *Engine) RanksBusy() bool { return e.ranks.job.Busy() }

// BuildRanks ranks the current snapshots' rows column after column, publishing each column as
// it is done. An error (the store closing) leaves the columns done so far in use.
func (e *Engine) BuildRanks(ctx context.Context) error {
	e.ranks.build.Lock() // one build at a time
	defer e.ranks.build.Unlock()
	snaps, err := e.current(ctx)
	if err != nil || len(snaps) == 0 || len(e.rankColumns) == 0 {
		return err
	}
	gen := snaps[0].Gen // read with the snapshots: the set is labelled with what it was built from
	if e.ranksFor(snaps, e.rankColumns[len(e.rankColumns)-1]) != nil {
		return nil // these snapshots are ranked already
	}
	set := &rankSet{gen: gen, snaps: map[int64]*snapRanks{}}
	for _, sn := range snaps {
		set.snaps[sn.ID] = &snapRanks{rank: map[string][]uint32{}, vals: map[string][]int64{}}
	}
	r := &e.ranks
	for _, col := range e.rankColumns {
		ranks, vals, rows, err := e.rankColumn(ctx, snaps, set, col, slices.Contains(e.valueColumns, col))
		if err != nil {
			return err
		}
		// Published even if a connection was removed meanwhile: ranksFor serves a set only to
		// queries of the generation it was built in.
		r.mu.Lock()
		for i, sn := range snaps {
			set.snaps[sn.ID].rank[col] = ranks[i]
			if vals != nil {
				set.snaps[sn.ID].vals[col] = vals[i]
			}
		}
		set.rows = rows
		r.set = set // the previous set serves until this one has its first column
		r.mu.Unlock()
	}
	return nil
}

type keyedRow struct {
	k  any
	id int64
}

// rankColumn reads every snapshot's (key, id) pairs in order from col's index and merges them
// into ranks; with keep, it also returns each row's value (nil when one is not an integer).
func (e *Engine) rankColumn(ctx context.Context, snaps []Snapshot, set *rankSet, col string, keep bool) (ranks [][]uint32, vals [][]int64, rows int, err error) {
	streams := make([][]keyedRow, len(snaps))
	for i, sn := range snaps {
		l, err := e.readKeyed(ctx, sn, col)
		if err != nil {
			return nil, nil, 0, err
		}
		streams[i] = l
		e.ranks.mu.Lock()
		sr := set.snaps[sn.ID]
		if sr.ids == nil {
			ids := make([]int64, len(l))
			for j, r := range l {
				ids[j] = r.id
			}
			slices.Sort(ids)
			sr.ids = ids
		}
		e.ranks.mu.Unlock()
	}
	ranks = make([][]uint32, len(snaps))
	for i, sn := range snaps {
		ranks[i] = make([]uint32, len(set.snaps[sn.ID].ids))
	}
	if keep {
		vals = make([][]int64, len(snaps))
		for i := range snaps {
			vals[i] = make([]int64, len(ranks[i]))
		}
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
			return ranks, vals, int(rank), nil
		}
		r := streams[best][heads[best]]
		heads[best]++
		ids := set.snaps[snaps[best].ID].ids
		if p, ok := slices.BinarySearch(ids, r.id); ok {
			ranks[best][p] = rank
			if vals != nil {
				v, isInt := r.k.(int64)
				if !isInt {
					vals = nil // not a time in milliseconds: this column is not kept
				} else {
					vals[best][p] = v
				}
			}
		}
	}
}

// readKeyed reads one snapshot's (key, id) pairs in col's order.
func (e *Engine) readKeyed(ctx context.Context, sn Snapshot, col string) ([]keyedRow, error) {
	rows, err := e.db.QueryContext(ctx, fmt.Sprintf(`SELECT id, %s FROM sessions WHERE snapshot_id = ? ORDER BY %s, id`,
		col, col), sn.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	l := make([]keyedRow, 0, sn.Count)
	for rows.Next() {
		var r keyedRow
		if err := rows.Scan(&r.id, &r.k); err != nil {
			return nil, err
		}
		l = append(l, r)
	}
	return l, rows.Err()
}

// errNotRanked is a row the ranks of its snapshot do not hold: they were built from other rows.
func errNotRanked(id, snapshotID int64) error {
	return fmt.Errorf("row %d of snapshot %d is not ranked", id, snapshotID)
}
