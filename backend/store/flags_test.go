package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/risk"
	"sessionscope/backend/session"
)

type spot struct {
	city, cc string
	lat, lon float64
	ip       string
}

var (
	paris     = spot{"Paris", "FR", 48.8566, 2.3522, "81.250.1.10"}
	newYork   = spot{"New York", "US", 40.7128, -74.0060, "198.51.100.7"}
	singapore = spot{"Singapore", "SG", 1.3521, 103.8198, "203.0.113.9"}
	london    = spot{"London", "GB", 51.5074, -0.1278, "81.2.69.142"}
)

func flagSession(id, user string, at spot, created time.Time) session.Session {
	lat, lon := at.lat, at.lon
	return session.Session{ID: id, UserID: user, Username: user, UserName: user, SessionType: "UI",
		CreatedAt: created, LastActiveAt: created.Add(time.Minute), SourceIP: at.ip,
		Geo:    session.Geo{City: at.city, CountryCode: at.cc, Country: at.cc, Latitude: &lat, Longitude: &lon, Source: "geoip"},
		Device: session.Device{Browser: "Chrome 142", Platform: "Windows 10"}, Raw: []byte(`{}`)}
}

// plantedOrg holds the cases the simulators plant: a traveller on three continents within the
// hour, a user with six sessions, a months-old API session, and ordinary users.
func plantedOrg(now time.Time) []session.Session {
	var out []session.Session
	for i, l := range []struct {
		at  spot
		ago time.Duration
	}{{paris, 58 * time.Minute}, {newYork, 31 * time.Minute}, {singapore, 7 * time.Minute}} {
		out = append(out, flagSession(fmt.Sprintf("trav-%d", i), "camille@acme.example", l.at, now.Add(-l.ago)))
	}
	for i := range 6 {
		out = append(out, flagSession(fmt.Sprintf("six-%d", i), "priya@acme.example", paris, now.Add(-time.Duration(i+1)*time.Hour)))
	}
	api := flagSession("api-1", "integration@acme.example", paris, now.Add(-122*24*time.Hour))
	api.SessionType, api.Device = "API", session.Device{Application: "Data Loader"}
	api.LastActiveAt = now.Add(-17 * time.Minute)
	out = append(out, api)
	for i := range 40 {
		out = append(out, flagSession(fmt.Sprintf("ord-%d", i), fmt.Sprintf("user%02d@acme.example", i%20), london,
			now.Add(-time.Duration(i+1)*10*time.Minute)))
	}
	return out
}

func computeCurrent(t *testing.T, s *Store, connID int64, p risk.Policy) FlagSummary {
	t.Helper()
	c, err := s.Connection(context.Background(), connID)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.ComputeFlags(context.Background(), c.Current.ID, p)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func flaggedIDsOf(t *testing.T, s *Store, f session.Filter) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	if err := s.Each(context.Background(), session.Query{Filter: f}, func(r Row) error {
		out[r.ID] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFlagsAreStoredAndFilterTheTable(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	writeSnapshot(t, s, c.ID, plantedOrg(time.Now()), 7)
	sum := computeCurrent(t, s, c.ID, risk.Defaults())
	if sum.Sessions != 50 || sum.RuleFlags[risk.ImpossibleTravel] != 2 || sum.RuleSessions[risk.TooManySessions] != 6 ||
		sum.RuleFlags[risk.IntegrationStale] != 1 {
		t.Fatalf("summary %+v", sum)
	}
	travel := flaggedIDsOf(t, s, session.Filter{Flags: session.FlagFilter{Rule: "impossible_travel"}})
	if len(travel) != 3 || !travel["trav-0"] || !travel["trav-2"] {
		t.Fatalf("travel-flagged: %v", travel)
	}
	any := flaggedIDsOf(t, s, session.Filter{Flags: session.FlagFilter{Flagged: true}})
	if len(any) != sum.Flagged || len(any) != 3+6+1 {
		t.Fatalf("flagged: %d (%v), summary %d", len(any), any, sum.Flagged)
	}
	medium := flaggedIDsOf(t, s, session.Filter{Flags: session.FlagFilter{Severity: "medium"}})
	if len(medium) != 6+1 || medium["trav-1"] { // the traveller's top flag is high
		t.Fatalf("medium: %v", medium)
	}
	// Filters combine with the others.
	if both := flaggedIDsOf(t, s, session.Filter{Countries: []string{"SG"}, Flags: session.FlagFilter{Flagged: true}}); len(both) != 1 || !both["trav-2"] {
		t.Fatalf("SG + flagged: %v", both)
	}
	// Every flag of a row, with its reason.
	row, err := s.CurrentSession(ctx, c.ID, "trav-1")
	if err != nil {
		t.Fatal(err)
	}
	fl, err := s.FlagsOfRows(ctx, []int64{row.RowID})
	if err != nil {
		t.Fatal(err)
	}
	got := fl[row.RowID]
	if len(got) != 2 || got[0].Severity != risk.High || !strings.HasPrefix(got[0].Reason, "Paris → New York, 5,837 km in 27 min") {
		t.Fatalf("flags of the New York login: %+v", got)
	}
	// Counts per org and rule.
	counts, err := s.FlagCounts(ctx, nil)
	if err != nil || len(counts) != 1 || !counts[0].Computed || counts[0].Flagged != sum.Flagged ||
		counts[0].BySeverity[risk.High] != 3 {
		t.Fatalf("counts %+v %v", counts, err)
	}
	for _, rc := range counts[0].Rules {
		if rc.Flags != sum.RuleFlags[rc.Rule] || rc.Sessions != sum.RuleSessions[rc.Rule] {
			t.Errorf("rule %s: %+v, summary %d/%d", rc.Rule, rc, sum.RuleFlags[rc.Rule], sum.RuleSessions[rc.Rule])
		}
	}
	// A bad rule name is the user's error, with the names to choose from.
	_, _, err = s.Query(ctx, session.Query{Filter: session.Filter{Flags: session.FlagFilter{Rule: "teleport"}}, Limit: 10})
	var fe *session.FilterError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "impossible_travel") {
		t.Fatalf("bad rule: %v", err)
	}
	if _, _, err = s.Query(ctx, session.Query{Filter: session.Filter{Flags: session.FlagFilter{Severity: "urgent"}}, Limit: 10}); !errors.As(err, &fe) {
		t.Fatalf("bad severity: %v", err)
	}
}

func TestFlaggedViewIsSortedBySeverityAndWindowsAgree(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, b := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	now := time.Now()
	writeSnapshot(t, s, a.ID, plantedOrg(now), 10)
	writeSnapshot(t, s, b.ID, plantedOrg(now.Add(-time.Hour)), 10)
	computeCurrent(t, s, a.ID, risk.Defaults())
	computeCurrent(t, s, b.ID, risk.Defaults())
	all, total, err := s.FlaggedWindow(ctx, session.Query{Offset: 0, Limit: 1000})
	if err != nil || total != 20 || len(all) != 20 {
		t.Fatalf("%d of %d: %v", len(all), total, err)
	}
	sev := func(r Row) int {
		var v int
		if err := s.db.QueryRow(`SELECT severity FROM session_flags WHERE row_id = ?`, r.RowID).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for i := 1; i < len(all); i++ {
		p, q := all[i-1], all[i]
		if sev(p) < sev(q) || sev(p) == sev(q) && p.LastActiveAt.Before(q.LastActiveAt) {
			t.Fatalf("row %d out of order: %s (%d, %v) before %s (%d, %v)", i, p.ID, sev(p), p.LastActiveAt, q.ID, sev(q), q.LastActiveAt)
		}
	}
	var stitched []int64
	for off := 0; off < total; off += 3 {
		w, n, err := s.FlaggedWindow(ctx, session.Query{Offset: off, Limit: 3})
		if err != nil || n != total {
			t.Fatal(err, n)
		}
		for _, r := range w {
			stitched = append(stitched, r.RowID)
		}
	}
	for i, r := range all {
		if stitched[i] != r.RowID {
			t.Fatalf("window at %d disagrees with the whole", i)
		}
	}
	// Narrowed to one org and one rule.
	w, n, err := s.FlaggedWindow(ctx, session.Query{Filter: session.Filter{ConnectionIDs: []int64{b.ID},
		Flags: session.FlagFilter{Rule: "too_many_sessions"}}, Limit: 100})
	if err != nil || n != 6 || w[0].Connection != "Globex" {
		t.Fatalf("%d rows: %v", n, err)
	}
}

func TestAPolicyChangeRecomputesFromStoredRows(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	writeSnapshot(t, s, c.ID, plantedOrg(time.Now()), 50)
	computeCurrent(t, s, c.ID, risk.Defaults())
	high := session.Query{Filter: session.Filter{Flags: session.FlagFilter{Severity: "high"}}, Limit: 100}
	if _, n, _ := s.Query(ctx, high); n != 3 {
		t.Fatalf("high before: %d", n)
	}
	if _, n, _ := s.FlaggedWindow(ctx, high); n != 3 {
		t.Fatalf("flagged view before: %d", n)
	}
	p := risk.Defaults()
	if err := risk.Apply(&p, map[string]string{risk.FieldApprovedCountries: "FR, US"}); err != nil {
		t.Fatal(err)
	}
	// The preview says what the change would flag and changes nothing.
	c2, _ := s.Connection(ctx, c.ID)
	pre, err := s.PreviewFlags(ctx, c2.Current.ID, p)
	if err != nil || pre.RuleSessions[risk.CountryOutside] != 41 {
		t.Fatalf("preview %+v %v", pre, err)
	}
	if _, n, _ := s.Query(ctx, high); n != 3 {
		t.Fatalf("the preview wrote: %d", n)
	}
	computeCurrent(t, s, c.ID, p)
	// London (40 ordinary sessions) and Singapore (1) are outside FR, US: the same query, asked
	// again, sees the new flags (no remembered count from before).
	if _, n, _ := s.Query(ctx, high); n != 3+40 {
		t.Fatalf("high after: %d", n)
	}
	if _, n, _ := s.FlaggedWindow(ctx, high); n != 43 {
		t.Fatalf("flagged view after: %d", n)
	}
	// And back: the recomputation replaces, it does not add.
	computeCurrent(t, s, c.ID, risk.Defaults())
	if _, n, _ := s.Query(ctx, high); n != 3 {
		t.Fatalf("high back: %d", n)
	}
	var flags, rows int
	s.db.QueryRow(`SELECT count(*) FROM flags`).Scan(&flags)
	s.db.QueryRow(`SELECT sum(sessions) FROM flags`).Scan(&rows)
	if flags != 2+1+1 || rows != 2+2+6+1 { // two travel legs, six sessions, one stale API session
		t.Fatalf("flags %d, rows %d after recomputing", flags, rows)
	}
}

func TestDriftAndNewDevicesAcrossRefreshes(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	now := time.Now()
	first := []session.Session{flagSession("cookie", "ann", london, now.Add(-3*time.Hour)),
		flagSession("other", "bob", london, now.Add(-2*time.Hour))}
	writeSnapshot(t, s, c.ID, first, 10)
	if sum := computeCurrent(t, s, c.ID, risk.Defaults()); sum.Flagged != 0 {
		t.Fatalf("first snapshot flagged %+v", sum)
	}
	stolen := flagSession("cookie", "ann", singapore, now.Add(-3*time.Hour))
	firefox := flagSession("other", "bob", london, now.Add(-2*time.Hour))
	firefox.Device = session.Device{Browser: "Firefox 145", Platform: "Linux"}
	writeSnapshot(t, s, c.ID, []session.Session{stolen, firefox}, 10)
	sum := computeCurrent(t, s, c.ID, risk.Defaults())
	if sum.RuleFlags[risk.SessionDrift] != 1 || sum.RuleFlags[risk.NewDevice] != 1 || sum.RuleFlags[risk.NewLocation] != 1 {
		t.Fatalf("summary %+v", sum)
	}
	row, _ := s.CurrentSession(ctx, c.ID, "cookie")
	fl, _ := s.FlagsOfRows(ctx, []int64{row.RowID})
	if fl[row.RowID][0].Rule != risk.SessionDrift || fl[row.RowID][0].Reason != "seen from GB in the previous refresh, now from SG (81.2.69.0/24 → 203.0.113.0/24)" {
		t.Fatalf("flags %+v", fl[row.RowID])
	}
	// Recomputing the same snapshot compares with the same previous history, not with itself.
	if again := computeCurrent(t, s, c.ID, risk.Defaults()); again.RuleFlags[risk.SessionDrift] != 1 {
		t.Fatalf("recomputed %+v", again)
	}
}

func TestKratosDeviceListShowsDrift(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c, err := s.AddConnection(ctx, session.Connection{Name: "Shop", Kind: "kratos", URL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	x := flagSession("k1", "ann", singapore, time.Now().Add(-time.Hour))
	x.Raw = []byte(`{"id":"k1","devices":[{"ip_address":"81.2.69.142","location":"London, GB"},{"ip_address":"203.0.113.9:4242","location":"Singapore, SG"}]}`)
	y := flagSession("k2", "bob", singapore, time.Now().Add(-time.Hour))
	y.Raw = []byte(`not json at all`)
	writeSnapshot(t, s, c.ID, []session.Session{x, y}, 10)
	sum := computeCurrent(t, s, c.ID, risk.Defaults())
	if sum.RuleFlags[risk.SessionDrift] != 1 || sum.BySeverity[risk.High] != 1 {
		t.Fatalf("summary %+v", sum)
	}
}

func TestFlagsGoWithTheirSnapshot(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	count := func(table string) int {
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var firstID int64
	for i := range KeepSnapshots + 1 {
		snap := writeSnapshot(t, s, c.ID, plantedOrg(time.Now()), 50)
		if i == 0 {
			firstID = snap.ID
		}
		computeCurrent(t, s, c.ID, risk.Defaults())
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM flags WHERE snapshot_id = ?`, firstID).Scan(&n)
	if n != 0 || count("flag_runs") != KeepSnapshots || count("flag_history") != KeepSnapshots {
		t.Fatalf("pruned snapshot kept %d flags; runs %d, histories %d", n, count("flag_runs"), count("flag_history"))
	}
	// A pass over a snapshot that is gone writes nothing.
	if _, err := s.ComputeFlags(ctx, firstID, risk.Defaults()); err == nil {
		t.Fatal("a pruned snapshot was judged")
	}
	if _, err := s.SetPolicyOverrides(ctx, c.ID, map[string]string{"max_age": "2d"}, "me", session.AuditEntry{Actor: "me", Action: "policy.set"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveConnection(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"flags", "session_flags", "flag_runs", "flag_history", "policies"} {
		if count(table) != 0 {
			t.Errorf("%s kept %d rows of a removed connection", table, count(table))
		}
	}
}

func TestPoliciesAreStoredWithAnAuditEntry(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	r, err := s.Policy(ctx, c.ID)
	if err != nil || len(r.Overrides) != 0 || !r.ServerReadAt.IsZero() {
		t.Fatalf("%+v %v", r, err)
	}
	e, err := s.SetPolicyOverrides(ctx, c.ID, map[string]string{risk.FieldMaxAge: "2d"}, "alice",
		session.AuditEntry{Actor: "alice", Action: "policy.set", Connection: "Acme", Detail: "max_age=2d"})
	if err != nil || e.ID == 0 {
		t.Fatal(err)
	}
	if err := s.SetServerPolicy(ctx, c.ID, risk.Server{IdleTimeout: 30 * time.Minute, MaxLifespan: 10 * time.Hour},
		map[string]string{"ssoSessionIdleTimeout": "1800"}); err != nil {
		t.Fatal(err)
	}
	r, err = s.Policy(ctx, c.ID)
	if err != nil || r.Overrides[risk.FieldMaxAge] != "2d" || r.UpdatedBy != "alice" || r.Server.IdleTimeout != 30*time.Minute ||
		r.ServerRaw["ssoSessionIdleTimeout"] != "1800" || r.ServerReadAt.IsZero() {
		t.Fatalf("%+v %v", r, err)
	}
	entries, _ := s.Audit(ctx, 1)
	if len(entries) != 1 || entries[0].Action != "policy.set" || s.VerifyAudit(ctx) != nil {
		t.Fatalf("audit %+v", entries)
	}
	if _, err := s.Policy(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown connection: %v", err)
	}
}

func TestTextHoldingTheSeparatorIsReadColumnByColumn(t *testing.T) {
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	now := time.Now()
	a := flagSession("a", "ann", paris, now.Add(-40*time.Minute))
	b := flagSession("b", "ann", singapore, now.Add(-10*time.Minute))
	b.Device.Browser = "Evil\x1fBrowser" // a crafted user agent
	b.Geo.City = "Singa\x1fpore"
	writeSnapshot(t, s, c.ID, []session.Session{a, b}, 10)
	sum := computeCurrent(t, s, c.ID, risk.Defaults())
	if sum.RuleFlags[risk.ImpossibleTravel] != 1 {
		t.Fatalf("summary %+v", sum)
	}
	row, _ := s.CurrentSession(context.Background(), c.ID, "b")
	fl, _ := s.FlagsOfRows(context.Background(), []int64{row.RowID})
	if len(fl[row.RowID]) == 0 || !strings.HasPrefix(fl[row.RowID][0].Reason, "Paris → Singa\x1fpore, ") {
		t.Fatalf("flags %+v", fl[row.RowID])
	}
}
