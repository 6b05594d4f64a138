package window

import (
	"context"
	"slices"
)

// The ranked-all plan: a long jump into an unfiltered view reads the rows' order from the ranks,
// with no SQL, and keeps it for later jumps.

func (e *Engine) runRankedAll(_ context.Context, f *facts) ([]int64, error) {
	all := e.rankedAll(f.ranks, f.key, f.col)
	return slices.Clone(all[min(f.lo, len(all)):min(f.hi, len(all))]), nil
}

// rankedAll is the whole unfiltered result of the ranked snapshots in rank order: each row placed
// at its rank, the gaps (rows of snapshots not asked for) squeezed out.
func (e *Engine) rankedAll(ranks []*snapRanks, key, col string) []int64 {
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
	e.anchors.keepSorted(key, ids)
	return ids
}
