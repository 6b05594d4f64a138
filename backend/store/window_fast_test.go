package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"sessionscope/backend/session"
)

// The fast paths (ranks, time ranges tested in memory, a new view made whole in one pass) give
// exactly the answers of the plain SQL plans on the same data: a second store opened on the same
// file without ranks. Edges: no match, every row matching, filters over some of the orgs.
func TestFastPathsAgreeWithPlainSQL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ws.db")
	fast, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Close()
	a, b, c := addConn(t, fast, "Acme"), addConn(t, fast, "Globex"), addConn(t, fast, "Initech")
	writeSnapshot(t, fast, a.ID, reviewSessions("acme", 260), 100)
	writeSnapshot(t, fast, b.ID, reviewSessions("globex", 180), 100)
	writeSnapshot(t, fast, c.ID, reviewSessions("initech", 90), 100)
	if err := fast.win.BuildRanks(ctx); err != nil {
		t.Fatal(err)
	}
	old := windowTuning
	windowTuning.NoRanks = true
	plain, err := Open(ctx, path)
	windowTuning = old
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()

	at := func(h int) time.Time { return time.Date(2026, 11, 1, h, 0, 0, 0, time.UTC) }
	filters := map[string]session.Filter{
		"active range":             {ActiveFrom: at(10), ActiveTo: at(30)},
		"active since":             {ActiveFrom: at(20)},
		"active before":            {ActiveTo: at(15)},
		"every row":                {ActiveFrom: at(-100)},
		"no row":                   {ActiveTo: at(-1)},
		"created range and type":   {CreatedFrom: at(3), CreatedTo: at(25), SessionType: "UI"},
		"active range and country": {ActiveFrom: at(5), ActiveTo: at(40), Countries: []string{"US"}},
		"both ranges":              {ActiveFrom: at(8), CreatedTo: at(20)},
		"user prefix":              {User: "user01"},
		"CIDR":                     {IP: "203.0.2.0/24"},
		"type, no match":           {SessionType: "none"},
		"range over some orgs":     {ActiveFrom: at(10), ActiveTo: at(30), ConnectionIDs: []int64{a.ID, c.ID}},
		"type over one org":        {SessionType: "API", ConnectionIDs: []int64{b.ID}},
	}
	for name, f := range filters {
		for _, sort := range session.SortColumns {
			for _, desc := range []bool{false, true} {
				q := session.Query{Filter: f, Sort: sort, Desc: desc, Limit: 37}
				_, total, err := plain.Query(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, off := range []int{0, total / 2, max(total-5, 0), total + 3} {
					q.Offset = off
					want, wantTotal := queryIDs(t, plain, q)
					got, gotTotal := queryIDs(t, fast, q)
					if gotTotal != wantTotal || !slices.Equal(got, want) {
						t.Fatalf("%s, sort %s desc=%v at %d: %d of %d, %v…; plain SQL: %d of %d, %v…", name, sort, desc, off,
							len(got), gotTotal, head(got), len(want), wantTotal, head(want))
					}
				}
			}
		}
	}
}

func queryIDs(t *testing.T, s *Store, q session.Query) ([]int64, int) {
	t.Helper()
	rows, total, err := s.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.RowID
	}
	return ids, total
}
