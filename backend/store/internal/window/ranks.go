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

type rankSet struct {
	gen   uint64 // generation it was built in (see Engine.Generation)
	snaps map[int64]*snapRanks
}

type snapRanks struct {
	ids  []int64             // the snapshot's row ids, ascending
	rank map[string][]uint32 // per column: the position of ids[i] in the order of every snapshot's rows
}

type rankCache struct {
	build sync.Mutex // held by BuildRanks
	mu    sync.Mutex
	set   *rankSet
	job   Rerun
}

// ranksFor returns, for each snapshot (in order), its ids and their ranks in col; nil when the
// ranks do not cover them all.
func (e *Engine) ranksFor(snaps []Snapshot, col string) []*snapRanks {
	if e.tune.NoRanks {
		return nil
	}
	r := &e.ranks
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.set == nil || len(snaps) == 0 || r.set.gen != snaps[0].Gen {
		return nil
	}
	out := make([]*snapRanks, len(snaps))
	for i, sn := range snaps {
		sr := r.set.snaps[sn.ID]
		if sr == nil || sr.rank[col] == nil {
			return nil
		}
		out[i] = &snapRanks{ids: sr.ids, rank: map[string][]uint32{col: sr.rank[col]}}
	}
	return out
}

// Ranked reports whether the ranks of col cover snaps.
func (e *Engine) Ranked(snaps []Snapshot, col string) bool { return e.ranksFor(snaps, col) != nil }

// WarmRanks schedules a build of the ranks of the current snapshots.
func (e *Engine) WarmRanks() {
	e.Start(&e.ranks.job, 0, func(ctx context.Context) { e.BuildRanks(ctx) })
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
		set.snaps[sn.ID] = &snapRanks{rank: map[string][]uint32{}}
	}
	r := &e.ranks
	for _, col := range e.rankColumns {
		ranks, err := e.rankColumn(ctx, snaps, set, col)
		if err != nil {
			return err
		}
		// Published even if a connection was removed meanwhile: ranksFor serves a set only to
		// queries of the generation it was built in.
		r.mu.Lock()
		for i, sn := range snaps {
			set.snaps[sn.ID].rank[col] = ranks[i]
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
func (e *Engine) rankColumn(ctx context.Context, snaps []Snapshot, set *rankSet, col string) ([][]uint32, error) {
	streams := make([][]keyedRow, len(snaps))
	for i, sn := range snaps {
		rows, err := e.db.QueryContext(ctx, fmt.Sprintf(`SELECT id, %s FROM sessions WHERE snapshot_id = ? ORDER BY %s, id`,
			col, col), sn.ID)
		if err != nil {
			return nil, err
		}
		l := make([]keyedRow, 0, sn.Count)
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
	out := make([][]uint32, len(snaps))
	for i, sn := range snaps {
		out[i] = make([]uint32, len(set.snaps[sn.ID].ids))
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
		ids := set.snaps[snaps[best].ID].ids
		if p, ok := slices.BinarySearch(ids, r.id); ok {
			out[best][p] = rank
		}
	}
}
