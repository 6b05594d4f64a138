package window

import (
	"context"
	"slices"
)

// The ranked-all plan: a long jump into an unfiltered view reads the rows' order from the ranks,
// with no SQL, and keeps it for later jumps.

func (e *Engine) runRankedAll(_ context.Context, f *facts) ([]int64, error) {
	all := e.rankedAll(f.ranks, f.key, f.col, f.rows)
	return slices.Clone(all[min(f.lo, len(all)):min(f.hi, len(all))]), nil
}

// rankedAll is the whole unfiltered result of the ranked snapshots in rank order, kept for
// later jumps.
func (e *Engine) rankedAll(ranks []*snapRanks, key, col string, ranked int) []int64 {
	n := 0
	for _, r := range ranks {
		n += len(r.ids)
	}
	ids := laidAtRanks(ranks, col, nil, n, ranked)
	e.anchors.keepSorted(key, ids)
	return ids
}

// laidAtRanks lays each snapshot's rows (only those whose bit is set in rows[i], when rows is
// not nil) at their ranks and squeezes out the gaps (rows of other snapshots, or not matching):
// linear, with an array of every ranked row (8 MB at a million) for the time it takes. n is the
// number of rows laid; ranked bounds every rank.
func laidAtRanks(ranks []*snapRanks, col string, rows [][]uint64, n, ranked int) []int64 {
	at := make([]int64, ranked) // 0: no row (row ids start at 1)
	for i, sr := range ranks {
		rk, ids := sr.rank[col], sr.ids
		if rows == nil {
			for j, id := range ids {
				at[rk[j]] = id
			}
			continue
		}
		eachBit(rows[i], func(j int) { at[rk[j]] = ids[j] })
	}
	out := make([]int64, 0, n) // its own array: at spans every ranked row, not just these
	for _, id := range at {
		if id != 0 {
			out = append(out, id)
		}
	}
	return out
}
