package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"sessionscope/backend/session"
	"sessionscope/backend/store/internal/window"
)

// reference orders every current row by (key, id) in Go, independently of the SQL plans.
func reference(t *testing.T, s *Store, col string, desc bool, f session.Filter) []int64 {
	t.Helper()
	where, args, err := filterSQL(f)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.Query(`SELECT id, `+col+` FROM sessions WHERE snapshot_id IN
		(SELECT current_snapshot_id FROM connections)`+where, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type kv struct {
		id int64
		k  any
	}
	var all []kv
	for rows.Next() {
		var r kv
		if err := rows.Scan(&r.id, &r.k); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	key := func(v any) string { // ints compare as zero-padded text, so one comparison serves both
		if n, ok := v.(int64); ok {
			return fmt.Sprintf("%020d", n)
		}
		return v.(string)
	}
	sort.Slice(all, func(i, j int) bool {
		ki, kj := key(all[i].k), key(all[j].k)
		if ki == kj {
			return (all[i].id < all[j].id) != desc
		}
		return (ki < kj) != desc
	})
	ids := make([]int64, len(all))
	for i, r := range all {
		ids[i] = r.id
	}
	return ids
}

func TestWindowsMatchAFullSortEverywhere(t *testing.T) {
	// Every sort column under the cost-based plan; a text, a time and an IP column under each
	// forced plan (the race detector makes SQLite slow, so the matrix is kept lean).
	// The sorted plan with ranks (ids from the filter's index, ordered by rank) and without
	// (keys read from the rows) are both checked.
	some := []string{"username", "last_active_at", "source_ip"}
	defaultSkip := window.DefaultTuning().WarmWaitSkip
	for _, plan := range []struct {
		name   string
		factor int
		sorts  []string
		ranks  bool
		skip   int // past it, a jump makes the whole result (with ranks)
	}{{"cost-based", 1, session.SortColumns, true, defaultSkip}, {"keyset-always", 1 << 30, some, false, defaultSkip},
		{"sorted-always", -1, some, false, defaultSkip}, {"sorted-always-ranked", -1, session.SortColumns, true, defaultSkip},
		{"keyset-then-ranked-jumps", 1 << 30, some, true, 50}} {
		t.Run(plan.name, func(t *testing.T) {
			old := windowTuning
			windowTuning = window.DefaultTuning()
			windowTuning.SelectiveFactor, windowTuning.NoRanks, windowTuning.WarmWaitSkip = plan.factor, !plan.ranks, plan.skip
			defer func() { windowTuning = old }()
			checkWindows(t, plan.sorts, plan.ranks)
		})
	}
}

func checkWindows(t *testing.T, sorts []string, ranked bool) {
	s := openTemp(t)
	a, b := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	writeSnapshot(t, s, a.ID, fakeSessions("a", 400), 150)
	writeSnapshot(t, s, b.ID, fakeSessions("g", 300), 150)
	if ranked {
		ctx := context.Background()
		if err := s.win.BuildRanks(ctx); err != nil {
			t.Fatal(err)
		}
		snaps, err := s.currentSnapshots(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, col := range rankColumns {
			if !s.win.Ranked(windowSnapshots(snaps), col) {
				t.Fatalf("no ranks for %s after building them", col)
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	filters := []session.Filter{{}, {SessionType: "UI"}, {User: "user01"}, {IP: "10.0.0.0/24"}}
	for _, sortName := range sorts {
		if sortName == "connection" {
			continue
		}
		for _, desc := range []bool{false, true} {
			for _, f := range filters {
				want := reference(t, s, sortKeys[sortName], desc, f)
				// Visit windows in random order so anchors are used forwards and backwards.
				const size = 41
				offsets := []int{}
				for off := 0; off < len(want); off += size {
					offsets = append(offsets, off)
				}
				rng.Shuffle(len(offsets), func(i, j int) { offsets[i], offsets[j] = offsets[j], offsets[i] })
				for _, off := range offsets {
					ids := windowIDs(t, s, session.Query{Filter: f, Sort: sortName, Desc: desc, Offset: off, Limit: size})
					end := min(off+size, len(want))
					if !slices.Equal(ids, want[off:end]) {
						t.Fatalf("sort %s desc=%v filter %+v window %d: got %v…, want %v…", sortName, desc, f, off,
							head(ids), head(want[off:end]))
					}
				}
			}
		}
	}
}

func windowIDs(t *testing.T, s *Store, q session.Query) []int64 {
	t.Helper()
	rows, _, err := s.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.RowID
	}
	return ids
}

func head(ids []int64) string {
	if len(ids) > 4 {
		ids = ids[:4]
	}
	return fmt.Sprint(ids)
}

// Removing a connection frees its snapshot ids, which SQLite may hand out again: nothing
// remembered under them (counts, sorted results) may answer for the new snapshot.
func TestRememberedCountsDoNotOutliveARemovedConnection(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, b := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	writeSnapshot(t, s, a.ID, fakeSessions("a", 50), 50)
	old := writeSnapshot(t, s, b.ID, fakeSessions("g", 80), 50)
	q := session.Query{Filter: session.Filter{SessionType: "UI"}, Sort: "username", Limit: 500}
	_, before, err := s.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveConnection(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	c := addConn(t, s, "Initech")
	reused := writeSnapshot(t, s, c.ID, fakeSessions("i", 20), 50)
	if reused.ID != old.ID {
		t.Logf("snapshot id %d was not reused (%d): the test still checks the totals", old.ID, reused.ID)
	}
	rows, after, err := s.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want := len(reference(t, s, "user_key", false, q.Filter))
	if after != want || len(rows) != want || after == before {
		t.Fatalf("after the removal: total %d, %d rows; want %d (before: %d)", after, len(rows), want, before)
	}
}

// Two filters that differ only in a number (here a time, in milliseconds) are two views: neither
// may be answered from what was remembered for the other.
func TestRememberedCountsTellNumbersApart(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	sessions := fakeSessions("a", 100) // last active one hour apart
	writeSnapshot(t, s, c.ID, sessions, 100)
	for _, from := range []int{10, 20, 35} {
		q := session.Query{Filter: session.Filter{ActiveFrom: sessions[from].LastActiveAt}, Sort: "username", Limit: 10}
		_, total, err := s.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if total != 100-from {
			t.Fatalf("active since session %d: %d sessions, want %d", from, total, 100-from)
		}
	}
}

// Ranks built over every org order a query over some of them too: windows of one org's rows,
// unfiltered and filtered, in both directions, with long jumps answered from the ranks.
func TestRankedWindowsOfSomeOrgs(t *testing.T) {
	ctx := context.Background()
	old := windowTuning
	windowTuning.WarmWaitSkip = 10
	defer func() { windowTuning = old }()
	s := openTemp(t)
	a, b := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	first := writeSnapshot(t, s, a.ID, fakeSessions("a", 300), 150)
	writeSnapshot(t, s, b.ID, fakeSessions("g", 200), 150)
	if err := s.win.BuildRanks(ctx); err != nil {
		t.Fatal(err)
	}
	inA := map[int64]bool{}
	rows, err := s.db.Query(`SELECT id FROM sessions WHERE snapshot_id = ?`, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		inA[id] = true
	}
	rows.Close()
	for _, sortName := range []string{"username", "created_at", "source_ip"} {
		for _, desc := range []bool{false, true} {
			for _, f := range []session.Filter{{}, {SessionType: "UI"}} {
				var want []int64
				for _, id := range reference(t, s, sortKeys[sortName], desc, f) {
					if inA[id] {
						want = append(want, id)
					}
				}
				for _, off := range []int{120, 0, 37, len(want) - 5} {
					q := session.Query{Filter: f, Sort: sortName, Desc: desc, Offset: off, Limit: 25}
					q.Filter.ConnectionIDs = []int64{a.ID}
					got := windowIDs(t, s, q)
					end := min(off+25, len(want))
					if !slices.Equal(got, want[off:end]) {
						t.Fatalf("Acme only, sort %s desc=%v filter %+v at %d: got %v…, want %v…", sortName, desc, f, off,
							head(got), head(want[off:end]))
					}
				}
			}
		}
	}
}
