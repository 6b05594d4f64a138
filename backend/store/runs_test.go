package store

import (
	"context"
	"reflect"
	"slices"
	"testing"
)

func TestRunsOfJoinShortGapsOnly(t *testing.T) {
	for _, c := range []struct {
		ids  []int64
		gap  int64
		want []idRun
	}{
		{nil, 4, nil},
		{[]int64{7}, 4, []idRun{{7, 7}}},
		{[]int64{1, 2, 3, 7, 12, 13}, 4, []idRun{{1, 7}, {12, 13}}}, // 3→7 is 4 (joined), 7→12 is 5 (not)
		{[]int64{1, 2, 3}, 0, []idRun{{1, 1}, {2, 2}, {3, 3}}},
		{[]int64{10, 20, 30}, 10, []idRun{{10, 30}}},
	} {
		if got := runsOf(c.ids, c.gap); !reflect.DeepEqual(got, c.want) {
			t.Errorf("runsOf(%v, %d) = %v, want %v", c.ids, c.gap, got, c.want)
		}
	}
}

// Two refreshes writing side by side interleave their pages in the table; each snapshot's
// whole-snapshot reads (the flag pass, a comparison) must see exactly its own rows.
func TestWholeSnapshotReadsOfInterleavedRefreshes(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, b := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	wa, err := s.BeginSnapshot(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := s.BeginSnapshot(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	const page, pages = runGap + 44, 4 // each page of the other snapshot is a gap longer than runGap
	sa, sb := fakeSessions("a", page*pages), fakeSessions("b", page*pages-7)
	for i := 0; i < pages; i++ {
		if err := wa.WritePage(ctx, sa[i*page:(i+1)*page], 0); err != nil {
			t.Fatal(err)
		}
		if err := wb.WritePage(ctx, sb[i*page:min((i+1)*page, len(sb))], 0); err != nil {
			t.Fatal(err)
		}
	}
	snapA, err := wa.Complete(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	snapB, err := wb.Complete(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	runs, n, err := s.snapshotRuns(ctx, snapA.ID)
	if err != nil || n != len(sa) || len(runs) != pages {
		t.Fatalf("Acme's snapshot: %d rows in %d runs (%v), want %d in %d", n, len(runs), err, len(sa), pages)
	}
	for _, c := range []struct {
		id   int64
		want int
		pre  string
	}{{snapA.ID, len(sa), "a"}, {snapB.ID, len(sb), "b"}} {
		rows, _, err := s.readFlagRows(ctx, c.id)
		if err != nil || len(rows) != c.want {
			t.Fatalf("flag rows of snapshot %d: %d (%v), want %d", c.id, len(rows), err, c.want)
		}
		if !slices.IsSortedFunc(rows, func(x, y flagRow) int { return int(x.row - y.row) }) {
			t.Fatalf("flag rows of snapshot %d are not in id order", c.id)
		}
		diff, err := s.diffRows(ctx, c.id)
		if err != nil || len(diff) != c.want {
			t.Fatalf("compared rows of snapshot %d: %d (%v), want %d", c.id, len(diff), err, c.want)
		}
		for i := range rows {
			if rows[i].sessionID[:1] != c.pre || diff[i].id[:1] != c.pre {
				t.Fatalf("snapshot %d read another's row: %q / %q", c.id, rows[i].sessionID, diff[i].id)
			}
		}
	}
}
