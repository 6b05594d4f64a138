package window

import (
	"cmp"
	"context"
	"slices"
)

// The one-pass stage, before counting: a new view whose filter needs SQL, with ranks ready, is
// made whole in one pass that counts it too, instead of a count and then a window; the planner
// then finds it remembered. The filter's indexes give the matching ids (ids only, as a count
// reads them); its time ranges, when their values are kept with the ranks, are tested in memory
// instead (a filter of time ranges alone needs no SQL at all: plan_memory.go).
//
// SQL may return at most Tuning.OnePassCap ids: a broad filter gives up after that many and is
// counted and windowed by the planner's plans instead, having cost a bounded fetch more (once:
// the view is remembered as broad).

func (e *Engine) onePass(ctx context.Context, snaps []Snapshot, r Request) error {
	if r.Where == "" || (r.Rest == "" && len(r.Ranges) > 0 && e.memoryValues(snaps, r.Ranges) != nil) {
		return nil // nothing to filter, or nothing SQL would do
	}
	ranges, where, args := r.Ranges, r.Rest, r.RestArgs
	ranks, rows := e.rankedSet(snaps, r.Col)
	vals := e.memoryValues(snaps, ranges)
	if vals == nil || len(ranges) == 0 {
		ranges, where, args = nil, r.Where, r.Args // the whole filter from SQL
	}
	broad := "broad:" + resultKey(snaps, r.Col, r.Where, r.Args)
	if _, gaveUp := e.anchors.count(broad); ranks == nil || gaveUp || e.remembered(snaps, r) {
		return nil
	}
	type hit struct {
		r  uint32
		id int64
	}
	var hits []hit
	counts := make([]int, len(snaps))
	fetched := 0
	for i, sn := range snaps {
		sr := ranks[i]
		rk := sr.rank[r.Col]
		ids, err := e.matchingIDs(ctx, sn, where, args, e.tune.OnePassCap-fetched+1)
		if err != nil {
			return err
		}
		if fetched += len(ids); fetched > e.tune.OnePassCap {
			e.anchors.setCount(broad, 1) // left to the plans, now and next time
			e.traced("one-pass gave up")
			return nil
		}
		for _, id := range ids {
			j, ok := slices.BinarySearch(sr.ids, id)
			if !ok {
				return errNotRanked(id, sn.ID)
			}
			if ranges == nil || inRanges(ranges, vals[i], j) {
				hits = append(hits, hit{rk[j], id})
				counts[i]++
			}
		}
	}
	// In rank order: many hits are laid at their ranks (no comparisons), few are sorted.
	ids := make([]int64, 0, len(hits))
	if len(hits) > rows/16 {
		at := make([]int64, rows) // 0: no row (row ids start at 1)
		for _, h := range hits {
			at[h.r] = h.id
		}
		for _, id := range at {
			if id != 0 {
				ids = append(ids, id)
			}
		}
	} else {
		slices.SortFunc(hits, func(a, b hit) int { return cmp.Compare(a.r, b.r) })
		for _, h := range hits {
			ids = append(ids, h.id)
		}
	}
	var matching []Snapshot
	for i, sn := range snaps {
		e.anchors.setCount(countKey(sn, r.Where, r.Args), counts[i])
		if counts[i] > 0 {
			matching = append(matching, sn)
		}
	}
	e.anchors.keepSorted(resultKey(matching, r.Col, r.Where, r.Args), ids)
	if ranges != nil {
		e.traced("one-pass SQL and memory")
	} else {
		e.traced("one-pass SQL")
	}
	return nil
}

// remembered reports whether the counts of r's filter and its whole result are remembered.
func (e *Engine) remembered(snaps []Snapshot, r Request) bool {
	var matching []Snapshot
	for _, sn := range snaps {
		n, ok := e.anchors.count(countKey(sn, r.Where, r.Args))
		if !ok {
			return false
		}
		if n > 0 {
			matching = append(matching, sn)
		}
	}
	_, ok := e.anchors.sorted(resultKey(matching, r.Col, r.Where, r.Args), 0, 0)
	return ok
}

// matchingIDs returns at most limit ids of sn's rows matching the filter.
func (e *Engine) matchingIDs(ctx context.Context, sn Snapshot, where string, args []any, limit int) ([]int64, error) {
	rows, err := e.db.QueryContext(ctx, `SELECT id FROM sessions WHERE snapshot_id = ?`+where+` LIMIT ?`,
		append(append([]any{sn.ID}, args...), limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
