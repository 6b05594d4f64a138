package jobs_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/jobs"
	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/kratos"
	kratossim "sessionscope/backend/source/sim/kratos"
	"sessionscope/backend/store"
)

// A Kratos on SQLite that loses tied sessions across page boundaries (issue 14): the refresh
// still completes, but its result and the snapshot say the listing is known to be short.
func TestAShortListingIsSaidInTheRefreshResultAndTheSnapshot(t *testing.T) {
	for _, quirk := range []bool{true, false} {
		ctx := context.Background()
		st, err := store.Open(ctx, filepath.Join(t.TempDir(), "ws.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		sim := kratossim.New(kratossim.Config{Users: 12, Seed: 5, Version: "v1.3.1", SQLitePaging: quirk, TiedSessions: 6, Now: time.Now})
		base, err := sim.Start("127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sim.Close() })
		conn, err := st.AddConnection(ctx, session.Connection{Name: "Shop", Kind: kratos.Kind, URL: base})
		if err != nil {
			t.Fatal(err)
		}
		cl, err := (&kratos.Connector{}).Open(ctx, source.Config{Name: "Shop", URL: base,
			Options: map[string]string{kratos.OptPageSize: "5"}, Secrets: secrets.ForConnection(secrets.NewMemory(), conn.ID),
			HTTPTimeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		var last jobs.Progress
		snap, err := jobs.RefreshConnection(ctx, st, conn, cl, nil, func(p jobs.Progress) { last = p })
		if err != nil {
			t.Fatal(err)
		}
		if last.State != jobs.StateDone {
			t.Fatalf("quirk %v: state %s", quirk, last.State)
		}
		listed, active := snap.SessionCount, len(sim.ActiveSessionIDs())
		if !quirk {
			if len(last.Warnings) != 0 || snap.Meta["warnings"] != "" || listed != active {
				t.Fatalf("a complete listing: %d of %d, warnings %q, meta %q", listed, active, last.Warnings, snap.Meta["warnings"])
			}
			continue
		}
		if listed >= active {
			t.Fatalf("the simulated quirk lost nothing (%d of %d): the test proves nothing", listed, active)
		}
		if len(last.Warnings) != 1 || !strings.Contains(last.Warnings[0], "incomplete listing") {
			t.Fatalf("want the incomplete-listing warning in the result, got %q", last.Warnings)
		}
		if snap.Meta["warnings"] != last.Warnings[0] {
			t.Fatalf("the snapshot records %q, the result says %q", snap.Meta["warnings"], last.Warnings[0])
		}
		c, err := st.Connection(ctx, conn.ID)
		if err != nil || c.Current == nil || c.Current.Meta["warnings"] != last.Warnings[0] {
			t.Fatalf("the stored snapshot does not keep the warning: %+v %v", c.Current, err)
		}
	}
}
