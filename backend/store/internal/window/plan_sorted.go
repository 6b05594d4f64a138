package window

import (
	"cmp"
	"context"
	"slices"
)

// The sorted plan: the filter's index finds every matching row and the matches are sorted once;
// the whole result is kept when small enough (later windows are slices of it), anchors every
// anchorEvery rows otherwise. With ranks the sort needs ids only; without, each match's key is
// read from its row.

func (e *Engine) runSorted(ctx context.Context, f *facts) ([]int64, error) {
	if f.ranks != nil {
		return e.windowRanked(ctx, f.snaps, f.ranks, f.key, f.col, f.lo, f.hi, f.where, f.args)
	}
	return e.windowSorted(ctx, f.snaps, f.key, f.col, f.lo, f.hi, f.where, f.args)
}

// sortedFor is the sorted plan of one result, for a warm-up.
func (e *Engine) sortedFor(f *facts) func(context.Context) error {
	snaps, ranks, key, col, where, args := f.snaps, f.ranks, f.key, f.col, f.where, f.args
	return func(ctx context.Context) error {
		var err error
		if ranks != nil {
			_, err = e.windowRanked(ctx, snaps, ranks, key, col, 0, 0, where, args)
		} else {
			_, err = e.windowSorted(ctx, snaps, key, col, 0, 0, where, args)
		}
		return err
	}
}

// windowSorted reads every match's key and sorts them. All positions are then known, so anchors
// are laid down every anchorEvery rows: later windows of the same result walk at most that many
// index entries.
func (e *Engine) windowSorted(ctx context.Context, snaps []Snapshot, key, col string, lo, hi int, where string, args []any) ([]int64, error) {
	inner, iargs := arms(snaps, col, where, "", args, nil)
	// "+k" keeps the planner from walking the sort column's index instead of the filter's.
	ids, keys, err := e.scanWindow(ctx, `SELECT rid, k FROM (`+inner+`) ORDER BY +k ASC, rid ASC`, iargs...)
	if err != nil {
		return nil, err
	}
	// The whole result is kept when it is small enough; anchors otherwise.
	if !e.anchors.keepSorted(key, ids) {
		as := make([]anchor, 0, len(ids)/anchorEvery+1)
		for p := anchorEvery - 1; p < len(ids); p += anchorEvery {
			as = append(as, anchor{pos: p, k: keys[p], id: ids[p]})
		}
		e.anchors.add(key, as...)
	}
	if hi > len(ids) {
		hi = len(ids)
	}
	if lo >= hi {
		return nil, nil
	}
	return slices.Clone(ids[lo:hi]), nil
}

// windowRanked finds every match through the filter's indexes (ids only) and orders the matches
// by rank; the whole result is kept, so later windows of it are slices.
func (e *Engine) windowRanked(ctx context.Context, snaps []Snapshot, ranks []*snapRanks, key, col string, lo, hi int, where string, args []any) ([]int64, error) {
	type ranked struct {
		r  uint32
		id int64
	}
	var all []ranked
	for i, sn := range snaps {
		rows, err := e.db.QueryContext(ctx, `SELECT id FROM sessions WHERE snapshot_id = ?`+where,
			append([]any{sn.ID}, args...)...)
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
				return nil, errNotRanked(id, sn.ID)
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
	e.anchors.keepSorted(key, ids)
	lo, hi = min(lo, len(ids)), min(hi, len(ids))
	return slices.Clone(ids[lo:hi]), nil
}
