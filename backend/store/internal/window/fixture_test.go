package window

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	_ "modernc.org/sqlite"
)

// The engine's tests run on a real SQLite file holding a small sessions table: the columns the
// engine reads (id, snapshot_id) and three sort columns, each indexed behind snapshot_id as the
// store's schema does.

type fixtureRow struct {
	id, snap int64
	name     string // text key, with ties
	at       int64  // number key, with ties
	kind     string // a filter column
}

type fixture struct {
	db    *sql.DB
	rows  []fixtureRow
	snaps []Snapshot
}

var fixtureColumns = []string{"name", "at", "kind"}

// newFixture writes snapshots of the given sizes.
func newFixture(t *testing.T, sizes ...int) *fixture {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "w.db")+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`CREATE TABLE sessions (id INTEGER PRIMARY KEY, snapshot_id INTEGER NOT NULL, name TEXT NOT NULL,
			at INTEGER NOT NULL, kind TEXT NOT NULL)`,
		`CREATE INDEX s_name ON sessions(snapshot_id, name)`,
		`CREATE INDEX s_at ON sessions(snapshot_id, at)`,
		`CREATE INDEX s_kind ON sessions(snapshot_id, kind)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{db: db}
	id := int64(0)
	for s, n := range sizes {
		snap := int64(10 + s)
		for i := range n {
			id++
			r := fixtureRow{id: id, snap: snap, name: fmt.Sprintf("user%02d", (i*7+s)%37), at: int64((i * 13) % 101),
				kind: []string{"UI", "API", "UI"}[i%3]}
			if _, err := db.Exec(`INSERT INTO sessions VALUES (?, ?, ?, ?, ?)`, r.id, r.snap, r.name, r.at, r.kind); err != nil {
				t.Fatal(err)
			}
			f.rows = append(f.rows, r)
		}
		f.snaps = append(f.snaps, Snapshot{ID: snap, Count: n})
	}
	return f
}

// engine opens an engine on the fixture with the tuning given, recording the plans it chooses.
func (f *fixture) engine(t *testing.T, tune Tuning, plans map[string]int) *Engine {
	t.Helper()
	e := New(Options{DB: f.db, RankColumns: fixtureColumns, ValueColumns: []string{"at"}, Tuning: tune,
		Current: func(context.Context) ([]Snapshot, error) { return f.snaps, nil }})
	t.Cleanup(e.Stop)
	e.trace = func(p string) { plans[p]++ }
	return e
}

// reference is the ids of the rows of snaps passing keep, ordered by (col, id), in Go.
func (f *fixture) reference(snaps []Snapshot, col string, desc bool, keep func(fixtureRow) bool) []int64 {
	in := map[int64]bool{}
	for _, sn := range snaps {
		in[sn.ID] = true
	}
	var rows []fixtureRow
	for _, r := range f.rows {
		if in[r.snap] && keep(r) {
			rows = append(rows, r)
		}
	}
	slices.SortFunc(rows, func(a, b fixtureRow) int {
		c := 0
		switch col {
		case "name":
			c = cmp.Compare(a.name, b.name)
		case "at":
			c = cmp.Compare(a.at, b.at)
		case "kind":
			c = cmp.Compare(a.kind, b.kind)
		}
		c = cmp.Or(c, cmp.Compare(a.id, b.id))
		if desc {
			return -c
		}
		return c
	})
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}
	return ids
}

// fixtureFilter is a filter as the store hands it over (SQL, and split into its ranges of value
// columns and the rest), and the same test in Go.
type fixtureFilter struct {
	name     string
	where    string
	args     []any
	ranges   []Range
	rest     string
	restArgs []any
	keep     func(fixtureRow) bool
}

func (f fixtureFilter) request(col string, desc bool, offset, limit int) Request {
	return Request{Col: col, Desc: desc, Where: f.where, Args: f.args, Ranges: f.ranges, Rest: f.rest, RestArgs: f.restArgs,
		Offset: offset, Limit: limit}
}

var fixtureFilters = []fixtureFilter{
	{name: "none", keep: func(fixtureRow) bool { return true }},
	{name: "kind UI", where: " AND kind = ?", args: []any{"UI"}, rest: " AND kind = ?", restArgs: []any{"UI"},
		keep: func(r fixtureRow) bool { return r.kind == "UI" }},
	{name: "at range", where: " AND at >= ? AND at < ?", args: []any{int64(20), int64(60)},
		ranges: []Range{{Col: "at", From: 20, To: 60, HasFrom: true, HasTo: true}},
		keep:   func(r fixtureRow) bool { return r.at >= 20 && r.at < 60 }},
	{name: "at narrow range", where: " AND at >= ? AND at < ?", args: []any{int64(40), int64(44)}, // few matches: sorted by rank
		ranges: []Range{{Col: "at", From: 40, To: 44, HasFrom: true, HasTo: true}},
		keep:   func(r fixtureRow) bool { return r.at >= 40 && r.at < 44 }},
	{name: "one name", where: " AND name = ?", args: []any{"user05"}, rest: " AND name = ?", restArgs: []any{"user05"},
		keep: func(r fixtureRow) bool { return r.name == "user05" }},
	{name: "at from, kind API", where: " AND kind = ? AND at >= ?", args: []any{"API", int64(50)},
		ranges: []Range{{Col: "at", From: 50, HasFrom: true}}, rest: " AND kind = ?", restArgs: []any{"API"},
		keep: func(r fixtureRow) bool { return r.kind == "API" && r.at >= 50 }},
	{name: "at below, every row", where: " AND at < ?", args: []any{int64(1000)},
		ranges: []Range{{Col: "at", To: 1000, HasTo: true}}, keep: func(fixtureRow) bool { return true }},
	{name: "nothing", where: " AND kind = ?", args: []any{"none"}, rest: " AND kind = ?", restArgs: []any{"none"},
		keep: func(fixtureRow) bool { return false }},
	{name: "no row in range", where: " AND at >= ?", args: []any{int64(1000)},
		ranges: []Range{{Col: "at", From: 1000, HasFrom: true}}, keep: func(fixtureRow) bool { return false }},
}
