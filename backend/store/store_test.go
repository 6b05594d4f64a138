package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/session"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "ws.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func addConn(t *testing.T, s *Store, name string) session.Connection {
	t.Helper()
	c, err := s.AddConnection(context.Background(), session.Connection{Name: name, Kind: "salesforce", URL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fakeSessions makes n sessions: users u000…, IPs 10.0.x.y, two session types, one current.
func fakeSessions(prefix string, n int) []session.Session {
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	out := make([]session.Session, n)
	for i := range out {
		lat, lon := float64(i%90), float64(i%180)
		out[i] = session.Session{
			ID: fmt.Sprintf("%s%05d", prefix, i), UserID: fmt.Sprintf("u%03d", i%50),
			Username: fmt.Sprintf("user%03d@%s.example", i%50, prefix), UserName: fmt.Sprintf("User %03d", i%50),
			SessionType: []string{"UI", "API"}[i%2], LoginType: "Application", SecurityLevel: "STANDARD",
			CreatedAt: base.Add(time.Duration(i) * time.Minute), LastActiveAt: base.Add(time.Duration(i) * time.Hour),
			SourceIP:  fmt.Sprintf("10.0.%d.%d", i/256, i%256),
			Geo:       session.Geo{City: "Lyon", CountryCode: "FR", Country: "France", Latitude: &lat, Longitude: &lon, Source: "server"},
			IsCurrent: i == 3, Raw: []byte(`{"Id":"x"}`),
		}
	}
	return out
}

func writeSnapshot(t *testing.T, s *Store, connID int64, sessions []session.Session, pageSize int) session.Snapshot {
	t.Helper()
	ctx := context.Background()
	w, err := s.BeginSnapshot(ctx, connID)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(sessions); i += pageSize {
		end := min(i+pageSize, len(sessions))
		if err := w.WritePage(ctx, sessions[i:end], 0); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := w.Complete(ctx, map[string]string{"api-usage": "1/100"})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func TestSnapshotBecomesCurrentOnlyWhenComplete(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	first := writeSnapshot(t, s, c.ID, fakeSessions("a", 500), 200)
	if first.SessionCount != 500 || first.Pages != 3 {
		t.Fatalf("snapshot counts = %d sessions, %d pages; want 500, 3", first.SessionCount, first.Pages)
	}
	w, err := s.BeginSnapshot(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WritePage(ctx, fakeSessions("b", 100), 0); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Connection(ctx, c.ID)
	if got.Current == nil || got.Current.ID != first.ID {
		t.Fatalf("while the new snapshot is being written the current one must stay %d, got %+v", first.ID, got.Current)
	}
	if err := w.Abort(ctx, session.SnapshotFailed, errors.New("server went away")); err != nil {
		t.Fatal(err)
	}
	_, total, err := s.Query(ctx, session.Query{Limit: 10})
	if err != nil || total != 500 {
		t.Fatalf("after a failed refresh the previous snapshot's 500 sessions must show; got %d, %v", total, err)
	}
	var left int
	s.db.QueryRow(`SELECT count(*) FROM sessions WHERE snapshot_id = ?`, w.Snapshot().ID).Scan(&left)
	if left != 0 {
		t.Fatalf("failed snapshot left %d rows behind", left)
	}
}

func TestRefreshInterruptedByCrashKeepsPreviousSnapshot(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ws.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	c := addConn(t, s, "Acme")
	first := writeSnapshot(t, s, c.ID, fakeSessions("a", 300), 100)
	w, _ := s.BeginSnapshot(ctx, c.ID)
	if err := w.WritePage(ctx, fakeSessions("b", 100), 0); err != nil {
		t.Fatal(err)
	}
	s.Close() // the process "dies" here: no Complete, no Abort

	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, _ := s2.Connection(ctx, c.ID)
	if got.Current == nil || got.Current.ID != first.ID {
		t.Fatalf("current snapshot after restart = %+v, want %d", got.Current, first.ID)
	}
	snaps, _ := s2.Snapshots(ctx, c.ID, 10)
	if snaps[0].Status != session.SnapshotInterrupted {
		t.Fatalf("unfinished snapshot status = %q, want interrupted", snaps[0].Status)
	}
	rows, total, _ := s2.Query(ctx, session.Query{Limit: 1000})
	if total != 300 || len(rows) != 300 || !strings.HasPrefix(rows[0].ID, "a") {
		t.Fatalf("after restart want the 300 sessions of the first snapshot, got total %d", total)
	}
}

func TestQueryFiltersSortsAndWindows(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, b := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	writeSnapshot(t, s, a.ID, fakeSessions("a", 400), 150)
	writeSnapshot(t, s, b.ID, fakeSessions("g", 300), 150)

	_, total, err := s.Query(ctx, session.Query{Limit: 50})
	if err != nil || total != 700 {
		t.Fatalf("total over both orgs = %d, %v; want 700", total, err)
	}
	_, total, _ = s.Query(ctx, session.Query{Filter: session.Filter{ConnectionIDs: []int64{b.ID}}, Limit: 50})
	if total != 300 {
		t.Fatalf("Globex only: total %d, want 300", total)
	}
	rows, total, _ := s.Query(ctx, session.Query{Filter: session.Filter{User: "USER007"}, Limit: 100})
	// user007 holds sessions 7, 57, 107, … in each org: 8 in Acme, 6 in Globex
	if total != 14 || len(rows) != 14 {
		t.Fatalf("user prefix filter: total %d rows %d, want 14", total, len(rows))
	}
	for _, r := range rows {
		if !strings.HasPrefix(r.Username, "user007@") {
			t.Fatalf("row %s does not match the user filter", r.Username)
		}
	}
	_, total, _ = s.Query(ctx, session.Query{Filter: session.Filter{User: "user 01"}, Limit: 100})
	if total != 10*14 {
		t.Fatalf("display-name prefix 'user 01': total %d, want 140", total)
	}
	_, total, _ = s.Query(ctx, session.Query{Filter: session.Filter{IP: "10.0.1."}, Limit: 100})
	if total != 144+44 {
		t.Fatalf("IP prefix 10.0.1.: total %d, want 188", total)
	}
	_, total, _ = s.Query(ctx, session.Query{Filter: session.Filter{SessionType: "API", IP: "10.0.0."}, Limit: 100})
	if total != 128+128 {
		t.Fatalf("type API within 10.0.0.: %d, want 256", total)
	}

	// Windows over a merged, sorted result are contiguous and in order.
	var all []Row
	for off := 0; off < 700; off += 64 {
		w, _, err := s.Query(ctx, session.Query{Sort: "created_at", Offset: off, Limit: 64})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, w...)
	}
	if len(all) != 700 {
		t.Fatalf("windows returned %d rows, want 700", len(all))
	}
	seen := map[string]bool{}
	for i, r := range all {
		key := r.Connection + "/" + r.ID
		if seen[key] {
			t.Fatalf("row %s returned twice across windows", key)
		}
		seen[key] = true
		if i > 0 && r.CreatedAt.Before(all[i-1].CreatedAt) {
			t.Fatalf("created_at order broken at %d", i)
		}
	}
	desc, _, _ := s.Query(ctx, session.Query{Sort: "username", Desc: true, Limit: 5})
	if desc[0].Username < desc[4].Username {
		t.Fatalf("descending username sort not descending: %s … %s", desc[0].Username, desc[4].Username)
	}
	byConn, _, _ := s.Query(ctx, session.Query{Sort: "connection", Offset: 395, Limit: 10})
	if byConn[0].Connection != "Acme" || byConn[9].Connection != "Globex" {
		t.Fatalf("connection sort: window straddling orgs got %s … %s", byConn[0].Connection, byConn[9].Connection)
	}
	if _, _, err := s.Query(ctx, session.Query{Sort: "raw; DROP TABLE sessions", Limit: 5}); err == nil {
		t.Fatal("an unknown sort column must be refused")
	}
	if _, total, err := s.Query(ctx, session.Query{Filter: session.Filter{User: "' OR 1=1 --"}, Limit: 5}); err != nil || total != 0 {
		t.Fatalf("filter text is data, not SQL: total %d err %v", total, err)
	}
}

func TestSignOutMarksRowEndedUntilNextSnapshot(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	writeSnapshot(t, s, c.ID, fakeSessions("a", 20), 20)
	e, err := s.RecordSignOut(ctx, c.ID, "a00005", session.AuditEntry{Actor: "me", Action: "signout.session",
		Connection: "Acme", Target: "a00005", Reason: "left the company", Result: "ended"})
	if err != nil || e.ID == 0 {
		t.Fatalf("record sign-out: %v", err)
	}
	r, err := s.CurrentSession(ctx, c.ID, "a00005")
	if err != nil || r.EndedAt.IsZero() || r.EndOutcome != "ended" {
		t.Fatalf("row not marked ended: %+v %v", r.EndedAt, err)
	}
	time.Sleep(2 * time.Millisecond)
	writeSnapshot(t, s, c.ID, fakeSessions("a", 20)[6:], 20)
	if _, err := s.CurrentSession(ctx, c.ID, "a00005"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("next snapshot without the session must not list it: %v", err)
	}
	entries, _ := s.Audit(ctx, 10)
	if len(entries) != 1 || entries[0].Reason != "left the company" {
		t.Fatalf("audit = %+v", entries)
	}
}

func TestAuditTrailIsAppendOnlyAndChained(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	for i := 0; i < 3; i++ {
		if _, err := s.AppendAudit(ctx, session.AuditEntry{Actor: "me", Action: "signout.session", Target: fmt.Sprint(i), Result: "ended"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("fresh chain must verify: %v", err)
	}
	if _, err := s.db.Exec(`UPDATE audit SET reason = 'forged' WHERE id = 2`); err == nil {
		t.Fatal("UPDATE on the audit trail must be refused")
	}
	if _, err := s.db.Exec(`DELETE FROM audit WHERE id = 2`); err == nil {
		t.Fatal("DELETE on the audit trail must be refused")
	}
	// Someone bypasses the triggers: the chain shows it.
	if _, err := s.db.Exec(`DROP TRIGGER audit_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE audit SET reason = 'forged' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyAudit(ctx); err == nil || !strings.Contains(err.Error(), "entry 2") {
		t.Fatalf("tampering must be detected at entry 2, got %v", err)
	}
}

func TestOldSnapshotsArePruned(t *testing.T) {
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	for i := 0; i < KeepSnapshots+2; i++ {
		writeSnapshot(t, s, c.ID, fakeSessions("a", 10), 10)
	}
	var n int
	s.db.QueryRow(`SELECT count(DISTINCT snapshot_id) FROM sessions`).Scan(&n)
	if n != KeepSnapshots {
		t.Fatalf("snapshots with rows = %d, want %d", n, KeepSnapshots)
	}
}

func TestConnectionNamesAreUniqueAndNoColumnHoldsASecret(t *testing.T) {
	s := openTemp(t)
	addConn(t, s, "Acme")
	if _, err := s.AddConnection(context.Background(), session.Connection{Name: "Acme", Kind: "salesforce"}); err == nil ||
		!strings.Contains(err.Error(), "already exists") {
		t.Fatalf("duplicate name: %v", err)
	}
	rows, err := s.db.Query(`SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		n++
		for _, bad := range []string{"secret", "token", "password", "passphrase", "api_key"} {
			if strings.Contains(strings.ToLower(col), bad) {
				t.Errorf("column %s.%s looks like it holds a secret", table, col)
			}
		}
	}
	if n < 30 {
		t.Fatalf("read only %d columns: the schema check did not run", n)
	}
}

func TestASecondProcessLeavesALiveRefreshAlone(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ws.db")
	first, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	c := addConn(t, first, "Acme")
	w, _ := first.BeginSnapshot(ctx, c.ID)
	if err := w.WritePage(ctx, fakeSessions("a", 100), 0); err != nil {
		t.Fatal(err)
	}
	second, err := Open(ctx, path) // e.g. `sessionscope sessions` while the window refreshes
	if err != nil {
		t.Fatal(err)
	}
	second.Close()
	if err := w.WritePage(ctx, fakeSessions("b", 100), 0); err != nil {
		t.Fatalf("the live refresh must go on: %v", err)
	}
	snap, err := w.Complete(ctx, nil)
	if err != nil || snap.SessionCount != 200 {
		t.Fatalf("complete: %+v %v", snap, err)
	}
	_, total, _ := first.Query(ctx, session.Query{Limit: 10})
	if total != 200 {
		t.Fatalf("total = %d, want 200: rows of a live refresh were removed", total)
	}
}

func TestAWriterWhoseSnapshotWasEndedStops(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	w, _ := s.BeginSnapshot(ctx, c.ID)
	if err := s.abortSnapshot(ctx, w.Snapshot().ID, session.SnapshotInterrupted, "gone"); err != nil {
		t.Fatal(err)
	}
	if err := w.WritePage(ctx, fakeSessions("a", 10), 0); err == nil {
		t.Fatal("writing into an ended snapshot must fail")
	}
}

func TestExportReadsTheSnapshotCurrentAtItsStart(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	writeSnapshot(t, s, c.ID, fakeSessions("a", 2500), 500)
	seen := map[string]bool{}
	refreshed := false
	err := s.Each(ctx, session.Query{Sort: "username"}, func(r Row) error {
		if seen[r.ID] {
			t.Fatalf("%s exported twice", r.ID)
		}
		seen[r.ID] = true
		if !refreshed { // a refresh completes in the middle of the export
			refreshed = true
			writeSnapshot(t, s, c.ID, fakeSessions("b", 2500), 500)
		}
		return nil
	})
	if err != nil || len(seen) != 2500 {
		t.Fatalf("exported %d rows, want the 2500 of the first snapshot (%v)", len(seen), err)
	}
	for id := range seen {
		if !strings.HasPrefix(id, "a") {
			t.Fatalf("row %s comes from the snapshot made during the export", id)
		}
	}
}

func TestCIDRFilterOnV4AndV6(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	rows := fakeSessions("a", 400)
	rows[0].SourceIP, rows[1].SourceIP, rows[2].SourceIP = "[2001:db8::5]:443", "2001:db8:1::9", "127.0.0.1:5555"
	rows[3].SourceIP = "not an ip"
	writeSnapshot(t, s, c.ID, rows, 200)
	for _, tc := range []struct {
		cidr string
		want int
	}{
		{"10.0.1.0/24", 144},     // sessions 256–399
		{"10.0.0.0/16", 400 - 4}, // all but the four changed above
		{"10.0.0.128/25", 128},
		{"2001:db8::/32", 2},
		{"2001:db8::/48", 1},
		{"127.0.0.0/8", 1},
		{"192.168.0.0/16", 0},
	} {
		_, total, err := s.Query(ctx, session.Query{Filter: session.Filter{IP: tc.cidr}, Limit: 10})
		if err != nil || total != tc.want {
			t.Errorf("CIDR %s: %d sessions (%v), want %d", tc.cidr, total, err, tc.want)
		}
	}
	var fe *session.FilterError
	if _, _, err := s.Query(ctx, session.Query{Filter: session.Filter{IP: "10.0.0.0/33"}, Limit: 10}); !errors.As(err, &fe) {
		t.Fatalf("a bad CIDR must be a filter error, got %v", err)
	}
}

// Pages of snapshots written at the same time share transactions: one snapshot's failed page or
// abort must leave the other's pages whole, and every page reaches the file on its own within
// batchDelay even when no further page comes.
func TestSnapshotsSharingWriteTransactionsStayApart(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, b, c := addConn(t, s, "Acme"), addConn(t, s, "Globex"), addConn(t, s, "Initech")
	wa, _ := s.BeginSnapshot(ctx, a.ID)
	wb, _ := s.BeginSnapshot(ctx, b.ID)
	wc, _ := s.BeginSnapshot(ctx, c.ID)
	page := func(w *SnapshotWriter, prefix string, from, n int) error {
		return w.WritePage(ctx, fakeSessions(prefix, from+n)[from:], 0)
	}
	for _, step := range []error{page(wa, "a", 0, 10), page(wb, "b", 0, 10), page(wc, "c", 0, 10)} {
		if step != nil {
			t.Fatal(step)
		}
	}
	// Globex's snapshot is ended behind its writer's back (as another process cleaning up would):
	// its next page fails and leaves nothing; Acme's pages in the same transaction stay.
	if _, err := s.exec(ctx, `UPDATE snapshots SET status = 'interrupted' WHERE id = ?`, wb.Snapshot().ID); err != nil {
		t.Fatal(err)
	}
	if err := page(wa, "a", 10, 10); err != nil {
		t.Fatal(err)
	}
	if err := page(wb, "b", 10, 10); err == nil {
		t.Fatal("a page of an ended snapshot must fail")
	}
	if err := page(wc, "c", 10, 10); err != nil {
		t.Fatal(err)
	}
	// Initech's refresh is aborted; Acme's goes on and completes.
	if err := wc.Abort(ctx, session.SnapshotFailed, errors.New("server said no")); err != nil {
		t.Fatal(err)
	}
	if err := page(wa, "a", 20, 10); err != nil {
		t.Fatal(err)
	}
	count := func(w *SnapshotWriter) int {
		var n int
		if err := s.DB().QueryRow(`SELECT count(*) FROM sessions WHERE snapshot_id = ?`, w.Snapshot().ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Nothing else is written: the batch holding Acme's last page commits on its timer.
	deadline := time.Now().Add(10 * batchDelay)
	for count(wa) != 30 && time.Now().Before(deadline) {
		time.Sleep(batchDelay / 10)
	}
	if got := count(wa); got != 30 {
		t.Fatalf("Acme's 30 rows are not all in the file %s after its last page: %d", 10*batchDelay, got)
	}
	if _, err := wa.Complete(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got, gb, gc := count(wa), count(wb), count(wc); got != 30 || gb != 10 || gc != 0 {
		t.Fatalf("rows: Acme %d (want 30), Globex %d (want the 10 before it was ended), Initech %d (want 0)", got, gb, gc)
	}
	rows, total, err := s.Query(ctx, session.Query{Limit: 100})
	if err != nil || total != 30 || len(rows) != 30 {
		t.Fatalf("current sessions: %d (%v), want Acme's 30", total, err)
	}
}

// A refresh cancelled while others write into the same transaction loses only its own page.
func TestACancelledPageLeavesTheSharedTransactionAlone(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, b := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	wa, _ := s.BeginSnapshot(ctx, a.ID)
	wb, _ := s.BeginSnapshot(ctx, b.ID)
	if err := wa.WritePage(ctx, fakeSessions("a", 50), 0); err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if err := wb.WritePage(gone, fakeSessions("b", 50), 0); err == nil {
		t.Fatal("a page written under a cancelled context must fail")
	}
	// Cancelled while its page is being written: the page is written whole or refused whole.
	soon, cancelSoon := context.WithCancel(ctx)
	time.AfterFunc(time.Millisecond, cancelSoon)
	errB := wb.WritePage(soon, fakeSessions("b", 3000), 0)
	if err := wa.WritePage(ctx, fakeSessions("a", 100)[50:], 0); err != nil {
		t.Fatal(err)
	}
	if _, err := wa.Complete(ctx, nil); err != nil {
		t.Fatalf("Acme's snapshot must complete whatever happened to Globex's: %v", err)
	}
	var na, nb int
	s.DB().QueryRow(`SELECT count(*) FROM sessions WHERE snapshot_id = ?`, wa.Snapshot().ID).Scan(&na)
	s.DB().QueryRow(`SELECT count(*) FROM sessions WHERE snapshot_id = ?`, wb.Snapshot().ID).Scan(&nb)
	wantB := 3000
	if errB != nil {
		wantB = 0
	}
	if na != 100 || nb != wantB {
		t.Fatalf("rows: Acme %d (want 100), Globex %d (want %d; its page said %v)", na, nb, wantB, errB)
	}
}
