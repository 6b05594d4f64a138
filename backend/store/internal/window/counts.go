package window

import (
	"context"
	"fmt"
)

// counts returns each snapshot's number of matching rows and their sum. A complete snapshot
// never changes, so each count is taken once and then remembered. A filter of time ranges alone
// (ranges, when the request's Rest is empty) is counted from the values kept with the ranks.
func (e *Engine) counts(ctx context.Context, snaps []Snapshot, where string, args []any, ranges []Range) ([]int, int, error) {
	counts := make([]int, len(snaps))
	total := 0
	for i, sn := range snaps {
		if where == "" {
			counts[i] = sn.Count
		} else {
			key := countKey(sn, where, args)
			n, ok := e.anchors.count(key)
			if !ok && ranges != nil {
				if vals := e.memoryValues(snaps[i:i+1], ranges); vals != nil {
					n, ok = onesIn(e.matchingRows(sn, where, args, ranges, vals[0])), true
					e.anchors.setCount(key, n)
				}
			}
			if !ok {
				if err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE snapshot_id = ?`+where,
					append([]any{sn.ID}, args...)...).Scan(&n); err != nil {
					return nil, 0, fmt.Errorf("count sessions: %w", err)
				}
				e.anchors.setCount(key, n)
			}
			counts[i] = n
		}
		total += counts[i]
	}
	return counts, total, nil
}

func sumRows(snaps []Snapshot) int {
	n := 0
	for _, sn := range snaps {
		n += sn.Count
	}
	return n
}

// Count returns how many rows of snaps match the filter (remembered per snapshot, as for windows).
func (e *Engine) Count(ctx context.Context, snaps []Snapshot, where string, args []any) (int, error) {
	_, total, err := e.counts(ctx, snaps, where, args, nil)
	return total, err
}
