package window

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
)

// Every plan, forced or chosen, answers every window exactly as a full sort in Go does: each
// sort column, both directions, every filter, windows visited in random order (so anchors are
// used forwards and backwards and remembered results are sliced).
func TestEveryPlanMatchesAFullSort(t *testing.T) {
	ctx := context.Background()
	def := DefaultTuning()
	for _, c := range []struct {
		name  string
		tune  Tuning
		ranks bool
		want  []string // plans that must have answered at least once
	}{
		{"cost-based", def, false, []string{"remembered", "keyset"}},
		{"cost-based-ranked", def, true, []string{"one-pass SQL", "one-pass SQL and memory", "memory", "remembered"}},
		{"ranked-broad", Tuning{SelectiveFactor: 1, WarmWaitSkip: def.WarmWaitSkip, OnePassCap: 20}, true,
			[]string{"one-pass gave up", "one-pass SQL", "sorted", "keyset-ranked"}},
		{"keyset-always", Tuning{SelectiveFactor: 1 << 30, WarmWaitSkip: def.WarmWaitSkip, NoRanks: true}, false, []string{"keyset"}},
		{"sorted-always", Tuning{SelectiveFactor: -1, WarmWaitSkip: def.WarmWaitSkip, NoRanks: true}, false, []string{"sorted"}},
		{"sorted-always-ranked", Tuning{SelectiveFactor: -1, WarmWaitSkip: def.WarmWaitSkip}, true, []string{"sorted"}},
		{"ranked-jumps", Tuning{SelectiveFactor: 1 << 30, WarmWaitSkip: 30}, true, []string{"ranked-all", "sorted", "keyset-ranked", "memory"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, 300, 200, 120)
			chosen := map[string]int{}
			e := f.engine(t, c.tune, chosen)
			if c.ranks {
				if err := e.BuildRanks(ctx); err != nil {
					t.Fatal(err)
				}
				for _, col := range fixtureColumns {
					if !e.Ranked(f.snaps, col) {
						t.Fatalf("no ranks of %s after building them", col)
					}
				}
			}
			rng := rand.New(rand.NewPCG(1, 2))
			for _, col := range fixtureColumns {
				for _, desc := range []bool{false, true} {
					for _, flt := range fixtureFilters {
						checkAllWindows(t, e, f.snaps, f.reference(f.snaps, col, desc, flt.keep), col, desc, flt, rng)
					}
				}
			}
			for _, p := range c.want {
				if chosen[p] == 0 {
					t.Errorf("plan %s never answered (chosen: %v)", p, chosen)
				}
			}
		})
	}
}

func checkAllWindows(t *testing.T, e *Engine, snaps []Snapshot, want []int64, col string, desc bool, flt fixtureFilter, rng *rand.Rand) {
	t.Helper()
	const size = 23
	offsets := []int{}
	for off := 0; off < len(want)+size; off += size {
		offsets = append(offsets, off)
	}
	rng.Shuffle(len(offsets), func(i, j int) { offsets[i], offsets[j] = offsets[j], offsets[i] })
	for _, off := range offsets {
		ids, total, err := e.Window(context.Background(), snaps, flt.request(col, desc, off, size))
		if err != nil {
			t.Fatal(err)
		}
		end := min(off+size, len(want))
		if total != len(want) || !slices.Equal(ids, want[min(off, end):end]) {
			t.Fatalf("%s desc=%v filter %s at %d: total %d, %v; want %d, %v", col, desc, flt.name, off, total, ids,
				len(want), want[min(off, end):end])
		}
	}
}

// Ranks built over every snapshot order windows of some of them too.
func TestRanksServeSomeOfTheSnapshots(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 150, 100, 80)
	chosen := map[string]int{}
	e := f.engine(t, Tuning{SelectiveFactor: 1, WarmWaitSkip: 10}, chosen)
	if err := e.BuildRanks(ctx); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, some := range [][]Snapshot{f.snaps[:1], f.snaps[1:], {f.snaps[0], f.snaps[2]}} {
		for _, col := range fixtureColumns {
			for _, flt := range fixtureFilters[:3] {
				checkAllWindows(t, e, some, f.reference(some, col, true, flt.keep), col, true, flt, rng)
			}
		}
	}
	if chosen["ranked-all"] == 0 || chosen["sorted"] == 0 {
		t.Fatalf("the ranks were not used: %v", chosen)
	}
}

// The connection order lays the snapshots end to end, each newest first, reversed when
// descending. With ranks built, a filter of time ranges alone is answered from memory there
// too (each snapshot's part asked with the whole request, its ranges included).
func TestConnectionOrder(t *testing.T) {
	for _, ranked := range []bool{false, true} {
		f := newFixture(t, 40, 30, 20)
		chosen := map[string]int{}
		e := f.engine(t, DefaultTuning(), chosen)
		if ranked {
			if err := e.BuildRanks(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		for _, desc := range []bool{false, true} {
			for _, flt := range fixtureFilters {
				var want []int64
				order := slices.Clone(f.snaps)
				if desc {
					slices.Reverse(order)
				}
				for _, sn := range order {
					want = append(want, f.reference([]Snapshot{sn}, "at", true, flt.keep)...)
				}
				for off := 0; off < len(want); off += 17 {
					r := flt.request("at", desc, off, 17)
					r.ByConnection = true
					ids, total, err := e.Window(context.Background(), f.snaps, r)
					if err != nil {
						t.Fatal(err)
					}
					end := min(off+17, len(want))
					if total != len(want) || !slices.Equal(ids, want[off:end]) {
						t.Fatalf("ranked=%v desc=%v filter %s at %d: %v, want %v", ranked, desc, flt.name, off, ids, want[off:end])
					}
				}
			}
		}
		if ranked && chosen["memory"] == 0 {
			t.Fatalf("with ranks, no connection-ordered window of a time range came from memory (plans: %v)", chosen)
		}
	}
}

// After Reset nothing remembered answers: the same snapshot id may now hold other rows.
func TestResetForgetsCountsAndResults(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 50)
	e := f.engine(t, DefaultTuning(), map[string]int{})
	snaps := func() []Snapshot { return []Snapshot{{ID: 10, Count: 50, Gen: e.Generation()}} }
	r := Request{Col: "name", Where: " AND kind = ?", Args: []any{"UI"}, Limit: 100}
	_, before, err := e.Window(ctx, snaps(), r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(`DELETE FROM sessions WHERE kind = 'UI' AND id % 2 = 0`); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	var n int
	f.db.QueryRow(`SELECT count(*) FROM sessions WHERE kind = 'UI'`).Scan(&n)
	ids, after, err := e.Window(ctx, snaps(), r)
	if err != nil {
		t.Fatal(err)
	}
	if after != n || len(ids) != n || after == before {
		t.Fatalf("after the reset: total %d, %d ids; want %d (before: %d)", after, len(ids), n, before)
	}
}

// A replaced snapshot's ranks are let go; the others' still serve, and their windows are right.
func TestForgetRanksKeepsTheOthers(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 150, 100, 80)
	e := f.engine(t, Tuning{SelectiveFactor: 1, WarmWaitSkip: 10}, map[string]int{})
	if err := e.BuildRanks(ctx); err != nil {
		t.Fatal(err)
	}
	col := fixtureColumns[0]
	e.ForgetRanks(f.snaps[1].ID)
	if e.Ranked(f.snaps, col) || e.Ranked(f.snaps[1:2], col) {
		t.Fatal("the forgotten snapshot's ranks still serve")
	}
	rest := []Snapshot{f.snaps[0], f.snaps[2]}
	if !e.Ranked(rest, col) {
		t.Fatal("the other snapshots' ranks were dropped too")
	}
	e.ForgetRanks(f.snaps[1].ID) // twice, and an id never ranked: nothing to do
	e.ForgetRanks(-1)
	rng := rand.New(rand.NewPCG(7, 8))
	checkAllWindows(t, e, rest, f.reference(rest, col, true, fixtureFilters[0].keep), col, true, fixtureFilters[0], rng)
}
