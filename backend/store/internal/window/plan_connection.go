package window

import (
	"context"
	"slices"
)

// byConnection lays the snapshots' results end to end in the order given (the store gives them
// by connection name; reversed when descending), each newest activity first.
func (e *Engine) byConnection(ctx context.Context, snaps []Snapshot, counts []int, r Request) ([]int64, error) {
	order := make([]int, len(snaps))
	for i := range order {
		order[i] = i
	}
	if r.Desc {
		slices.Reverse(order)
	}
	var ids []int64
	start := 0
	for _, i := range order {
		end := start + counts[i]
		lo, hi := max(r.Offset, start), min(r.Offset+r.Limit, end)
		if lo < hi {
			// The same request (its time ranges too, so the memory plan can answer it) on one
			// snapshot, newest activity first.
			sub := r
			sub.Desc, sub.ByConnection, sub.Offset, sub.Limit = true, false, lo-start, hi-lo
			part, err := e.window(ctx, snaps[i:i+1], counts[i], sub)
			if err != nil {
				return nil, err
			}
			ids = append(ids, part...)
		}
		start = end
	}
	return ids, nil
}
