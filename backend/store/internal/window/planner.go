package window

import (
	"context"
	"slices"
)

// The planner. A window is worked out in ascending positions [lo, hi) (a descending window is
// the mirror image); the facts below are gathered once, and the first plan of the table whose
// condition holds answers. The plans, cheapest first:
//
//	remembered     the whole sorted result is in memory: a slice of it
//	memory         a filter of time ranges only, their values kept beside the ranks: two
//	               passes over memory, no SQL (plan_memory.go)
//	ranked-all     no filter, a long jump, ranks ready: every row laid at its rank, no SQL
//	sorted         few matches, or a long jump into a broad result with ranks ready: the
//	               filter's index finds every match, sorted once and kept (plan_sorted.go)
//	keyset-ranked  a broad filter with ranks ready and a short skip: walk the sort index from
//	               the nearest anchor (plan_keyset.go)
//	keyset         anything else: the same walk, after waiting for this view's warm-up on a
//	               long skip; a broad filter's sorted result is then warmed for later jumps
//
// Before counting, a new view whose filter needs SQL is made whole in one pass that also counts
// it, when ranks are ready (onepass.go): "remembered" answers it then. The "connection" order is
// windows of one snapshot at a time (plan_connection.go).

// facts are what the planner knows about one window before choosing.
type facts struct {
	snaps      []Snapshot // the snapshots with at least one match
	total      int        // matches in all
	col        string
	where      string
	args       []any
	key        string // names the result (resultKey)
	lo, hi     int
	remembered []int64 // positions [lo, hi) of the remembered whole result, when ok
	ok         bool
	start      keysetStart // where a keyset walk would start, and how far it would skip
	walk       int         // index entries that walk would visit
	// ranks of col for every snapshot, when ready and the result small enough to keep whole (a
	// larger one needs anchors, which need the keys).
	ranks []*snapRanks
	rows  int // ranked rows in all (every rank is below it)
	// ranges, when they are the whole filter and their values are kept: the memory plan's.
	ranges []Range
}

type plan struct {
	name string
	when func(e *Engine, f *facts) bool
	run  func(e *Engine, ctx context.Context, f *facts) ([]int64, error)
}

// plans is the table described above, tried in order.
var plans = []plan{
	{"remembered", func(_ *Engine, f *facts) bool { return f.ok },
		func(_ *Engine, _ context.Context, f *facts) ([]int64, error) { return f.remembered, nil }},
	{"memory", func(_ *Engine, f *facts) bool { return f.ranges != nil && f.ranks != nil }, (*Engine).runMemory},
	{"ranked-all", func(e *Engine, f *facts) bool {
		return f.where == "" && f.ranks != nil && f.start.skip > e.tune.WarmWaitSkip
	}, (*Engine).runRankedAll},
	{"sorted", func(e *Engine, f *facts) bool {
		return f.where != "" && (f.walk > f.total*e.tune.SelectiveFactor ||
			f.ranks != nil && f.start.skip > e.tune.WarmWaitSkip)
	}, (*Engine).runSorted},
	{"keyset-ranked", func(_ *Engine, f *facts) bool { return f.where != "" && f.ranks != nil }, (*Engine).runKeyset},
	{"keyset", func(*Engine, *facts) bool { return true }, (*Engine).runKeysetWarming},
}

// gather works out the facts of one window.
func (e *Engine) gather(snaps []Snapshot, total int, r Request) *facts {
	f := &facts{snaps: snaps, total: total, col: r.Col, where: r.Where, args: r.Args}
	f.lo, f.hi = r.Offset, min(r.Offset+r.Limit, total)
	if r.Desc {
		f.lo, f.hi = total-f.hi, total-r.Offset
	}
	f.key = resultKey(snaps, r.Col, r.Where, r.Args)
	if f.remembered, f.ok = e.anchors.sorted(f.key, f.lo, f.hi); f.ok {
		return f
	}
	f.start = e.keysetStart(f.key, total, f.lo, f.hi)
	// Walking the sort index visits rows/total entries per match; past the number of matches it
	// is cheaper to let the filter's index find them all and sort them once.
	f.walk = f.start.skip + (f.hi - f.lo)
	if f.where != "" {
		f.walk = f.walk * sumRows(snaps) / total
	}
	if ranks, rows := e.rankedSet(snaps, r.Col); ranks != nil && total <= wholeIDs/2 {
		f.ranks, f.rows = ranks, rows
		if r.Rest == "" && e.memoryValues(snaps, r.Ranges) != nil {
			f.ranges = r.Ranges
		}
	}
	return f
}

// choose returns the first plan of the table whose condition holds.
func (e *Engine) choose(f *facts) plan {
	for _, p := range plans {
		if p.when(e, f) {
			return p
		}
	}
	panic("window: the last plan always applies")
}

// window returns the ids of rows [r.Offset, r.Offset+r.Limit) in r's order.
func (e *Engine) window(ctx context.Context, snaps []Snapshot, total int, r Request) ([]int64, error) {
	f := e.gather(snaps, total, r)
	p := e.choose(f)
	e.traced(p.name)
	ids, err := p.run(e, ctx, f)
	if err != nil {
		return nil, err
	}
	if r.Desc {
		slices.Reverse(ids)
	}
	return ids, nil
}

func (e *Engine) traced(step string) {
	if e.trace != nil {
		e.trace(step)
	}
}
