package window

import (
	"context"
	"database/sql"
	"fmt"
)

// Snapshot is one current snapshot as the store read it.
type Snapshot struct {
	ID    int64  // its rows are the sessions rows with this snapshot_id
	Count int    // how many rows it holds
	Gen   uint64 // the engine's generation when the store read it (see Engine.Generation)
}

// Tuning holds the plans' cost knobs; tests change them to force one plan or another.
type Tuning struct {
	// SelectiveFactor weighs sorting all matches against walking the sort index.
	SelectiveFactor int
	// WarmWaitSkip is the keyset skip past which a window waits for its view's warm-up, or makes
	// the whole result itself when ranks make that cheap.
	WarmWaitSkip int
	// NoRanks serves every query without ranks (to test the plans that do not use them).
	NoRanks bool
	// OnePassCap is how many ids SQL may return to the one-pass stage (onepass.go).
	OnePassCap int
}

// DefaultTuning is what the application runs with.
func DefaultTuning() Tuning {
	return Tuning{SelectiveFactor: 1, WarmWaitSkip: 20000, OnePassCap: 50000}
}

// Options configure an engine.
type Options struct {
	DB *sql.DB // readers of the store's database
	// Current reads the current snapshot of every connection (for the background rank builds).
	Current func(context.Context) ([]Snapshot, error)
	// RankColumns are the indexed sort columns ranked in the background, the likeliest first.
	RankColumns []string
	// ValueColumns are rank columns of integers whose values are kept too, for range filters.
	ValueColumns []string
	Tuning       Tuning
}

// Engine answers windows over the current snapshots of one database.
type Engine struct {
	db           *sql.DB
	current      func(context.Context) ([]Snapshot, error)
	rankColumns  []string
	valueColumns []string
	tune         Tuning
	anchors      *anchorCache
	ranks        rankCache
	bg           *background
	trace        func(plan string) // tests: told the name of each plan chosen
}

// New makes an engine; Stop it before the database closes.
func New(o Options) *Engine {
	return &Engine{db: o.DB, current: o.Current, rankColumns: o.RankColumns, valueColumns: o.ValueColumns, tune: o.Tuning,
		anchors: newAnchorCache(), bg: newBackground()}
}

// Request is one window: a sort column and direction, a filter and a range of positions.
type Request struct {
	Col   string // an indexed column of sessions
	Desc  bool
	Where string // the filter: "" or " AND …", to follow "snapshot_id = ?" on an unaliased sessions table
	Args  []any  // the filter's arguments
	// The same filter split: its ranges of value columns, and the rest as SQL (Where = the rest
	// AND the ranges). Left empty, Where is all there is.
	Ranges   []Range
	Rest     string
	RestArgs []any
	// ByConnection lays the snapshots' results end to end in the order given (reversed when
	// Desc), each in Col descending: the table's "connection" order.
	ByConnection  bool
	Offset, Limit int
}

// Range is a condition From <= Col < To on a value column (see Options.ValueColumns).
type Range struct {
	Col            string
	From, To       int64
	HasFrom, HasTo bool // a bound left out is no bound
}

func (g Range) holds(v int64) bool { return (!g.HasFrom || v >= g.From) && (!g.HasTo || v < g.To) }

// Window returns the ids of the rows at positions [r.Offset, r.Offset+r.Limit) of the rows of
// snaps matching r's filter in r's order, and how many match in all.
func (e *Engine) Window(ctx context.Context, snaps []Snapshot, r Request) ([]int64, int, error) {
	if !r.ByConnection {
		if err := e.onePass(ctx, snaps, r); err != nil {
			return nil, 0, fmt.Errorf("query sessions: %w", err)
		}
	}
	var memRanges []Range
	if r.Rest == "" {
		memRanges = r.Ranges
	}
	counts, total, err := e.counts(ctx, snaps, r.Where, r.Args, memRanges)
	if err != nil {
		return nil, 0, err
	}
	if r.Offset >= total {
		return nil, total, nil
	}
	var ids []int64
	if r.ByConnection {
		ids, err = e.byConnection(ctx, snaps, counts, r)
	} else {
		// Snapshots without a match are left out: walking their sort index would visit every
		// row to find none.
		var matching []Snapshot
		for i, sn := range snaps {
			if counts[i] > 0 {
				matching = append(matching, sn)
			}
		}
		ids, err = e.window(ctx, matching, total, r)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("query sessions: %w", err)
	}
	return ids, total, nil
}

// Generation numbers the engine's lifetimes between resets. The store reads it before it reads
// the current snapshots and puts it in each Snapshot; everything is remembered under it, so a
// query still running across a reset cannot store stale results where later queries look.
func (e *Engine) Generation() uint64 { return e.anchors.generation() }

// Reset forgets every remembered count, anchor, result and rank (snapshot ids may be given
// again) and starts a rank build of the current snapshots.
func (e *Engine) Reset() {
	e.anchors.reset()
	e.ranks.mu.Lock()
	e.ranks.set = nil
	e.ranks.mu.Unlock()
	e.WarmRanks()
}

// Stop cancels and waits for background work; call it before the database closes.
func (e *Engine) Stop() { e.bg.stop() }
