package window

import (
	"context"
	"fmt"
	"slices"
)

// The keyset plans walk the sort column's index from the nearest remembered anchor (sort key +
// id of a row whose position is known) or from an end, forward or backward, whichever skips
// fewer index entries. Anchors are remembered per result; snapshots never change once complete,
// so anchors never go stale.

// keysetStart is where a keyset walk starts: from an anchor (or an end) and how far it skips.
type keysetStart struct {
	backward      bool
	before, after *anchor
	skip          int
}

func (e *Engine) keysetStart(key string, total, lo, hi int) keysetStart {
	before, after := e.anchors.nearest(key, lo, hi)
	forwardSkip, backwardSkip := lo, total-hi
	if before != nil && lo-before.pos-1 < forwardSkip {
		forwardSkip = lo - before.pos - 1
	} else {
		before = nil
	}
	if after != nil && after.pos-hi < backwardSkip {
		backwardSkip = after.pos - hi
	} else {
		after = nil
	}
	if backwardSkip < forwardSkip {
		return keysetStart{backward: true, after: after, skip: backwardSkip}
	}
	return keysetStart{before: before, skip: forwardSkip}
}

func (e *Engine) runKeyset(ctx context.Context, f *facts) ([]int64, error) {
	return e.windowKeyset(ctx, f.snaps, f.key, f.col, f.lo, f.hi, f.start, f.where, f.args)
}

// runKeysetWarming is the keyset walk when ranks cannot help. A long skip while this view's
// sorted result is being made waits for it: cheaper than walking the sort index beside it. A
// jump into the middle of a broad result would need the sorted plan: it runs now, in the
// background, while the user looks at the first window.
func (e *Engine) runKeysetWarming(ctx context.Context, f *facts) ([]int64, error) {
	if done := e.anchors.warming(f.key); done != nil && f.start.skip > e.tune.WarmWaitSkip {
		select {
		case <-done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if ids, ok := e.anchors.sorted(f.key, f.lo, f.hi); ok {
			return ids, nil
		}
		f.start = e.keysetStart(f.key, f.total, f.lo, f.hi) // the warm-up laid anchors instead
	}
	ids, err := e.runKeyset(ctx, f)
	if err == nil && f.where != "" && (f.total/2)*sumRows(f.snaps)/f.total > f.total*e.tune.SelectiveFactor {
		e.warm(f.key, e.sortedFor(f))
	}
	return ids, err
}

// windowKeyset returns the ids at ascending positions [lo, hi) by walking the sort column's index
// from the start given.
func (e *Engine) windowKeyset(ctx context.Context, snaps []Snapshot, key, col string, lo, hi int, start keysetStart, where string, args []any) ([]int64, error) {
	cond, cargs, order := "", []any(nil), " ORDER BY k ASC, rid ASC"
	switch {
	case start.backward && start.after != nil:
		cond, cargs = fmt.Sprintf(" AND (%s, id) < (?, ?)", col), []any{start.after.k, start.after.id}
	case !start.backward && start.before != nil:
		cond, cargs = fmt.Sprintf(" AND (%s, id) > (?, ?)", col), []any{start.before.k, start.before.id}
	}
	if start.backward {
		order = " ORDER BY k DESC, rid DESC"
	}
	inner, iargs := arms(snaps, col, where, cond, args, cargs)
	ids, keys, err := e.scanWindow(ctx, inner+order+" LIMIT ? OFFSET ?", append(iargs, hi-lo, start.skip)...)
	if err != nil || len(ids) == 0 {
		return ids, err
	}
	if start.backward {
		slices.Reverse(ids)
		slices.Reverse(keys)
	}
	last := len(ids) - 1
	e.anchors.add(key, anchor{pos: lo, k: keys[0], id: ids[0]}, anchor{pos: lo + last, k: keys[last], id: ids[last]})
	return ids, nil
}
