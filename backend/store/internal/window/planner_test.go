package window

import "testing"

// The table picks plans by the facts alone: each row of the planner's doc, as a case.
func TestPlannerTable(t *testing.T) {
	e := New(Options{Tuning: Tuning{SelectiveFactor: 1, WarmWaitSkip: 100}})
	defer e.Stop()
	ranks := []*snapRanks{{}}
	for _, c := range []struct {
		name string
		f    facts
		want string
	}{
		{"a remembered result wins over everything", facts{ok: true, where: " AND x", ranks: ranks, start: keysetStart{skip: 1e6}}, "remembered"},
		{"unfiltered long jump with ranks", facts{total: 1e6, ranks: ranks, start: keysetStart{skip: 101}}, "ranked-all"},
		{"unfiltered short skip with ranks", facts{total: 1e6, ranks: ranks, start: keysetStart{skip: 100}, walk: 300}, "keyset"},
		{"unfiltered long jump without ranks", facts{total: 1e6, start: keysetStart{skip: 5000}, walk: 5200}, "keyset"},
		{"few matches", facts{where: " AND x", total: 500, walk: 501}, "sorted"},
		{"broad filter, long jump, ranks", facts{where: " AND x", total: 1e5, ranks: ranks, start: keysetStart{skip: 101}, walk: 300}, "sorted"},
		{"broad filter, short skip, ranks", facts{where: " AND x", total: 1e5, ranks: ranks, start: keysetStart{skip: 10}, walk: 300}, "keyset-ranked"},
		{"broad filter, no ranks", facts{where: " AND x", total: 1e5, start: keysetStart{skip: 5000}, walk: 9000}, "keyset"},
	} {
		if got := e.choose(&c.f).name; got != c.want {
			t.Errorf("%s: chose %s, want %s", c.name, got, c.want)
		}
	}
}
