package window

import (
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
)

// compareSQL orders mixed values exactly as SQLite's ORDER BY does.
func TestCompareSQLOrdersAsSQLite(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE v (id INTEGER PRIMARY KEY, x)`); err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{"b", int64(3), nil, 2.5, []byte{1}, "", "B", int64(-1), []byte{}, "é", "e", 3.0, int64(2)} {
		if _, err := db.Exec(`INSERT INTO v(x) VALUES (?)`, v); err != nil {
			t.Fatal(err)
		}
	}
	read := func(q string) []keyedRow {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []keyedRow
		for rows.Next() {
			var r keyedRow
			if err := rows.Scan(&r.id, &r.k); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		return out
	}
	want := read(`SELECT id, x FROM v ORDER BY x, id`)
	got := read(`SELECT id, x FROM v ORDER BY id DESC`)
	slices.SortFunc(got, compareKeyed)
	for i := range want {
		if got[i].id != want[i].id {
			t.Fatalf("position %d: row %d (%v), SQLite has row %d (%v)", i, got[i].id, got[i].k, want[i].id, want[i].k)
		}
	}
}
