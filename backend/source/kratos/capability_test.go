package kratos_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"sessionscope/backend/source"
	kratossim "sessionscope/backend/source/sim/kratos"
)

// Self-hosted Kratos has no POST /admin/sessions whatever its version; the hosted Ory Network
// has. The connector goes by the server's answer (issue 14).
func TestBulkSignOutFollowsTheServersAnswerNotItsVersion(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  kratossim.Config
		bulk bool
	}{
		{"self-hosted v26.2.0", kratossim.Config{Users: 20, Version: "v26.2.0"}, false},
		{"self-hosted v1.3.1", kratossim.Config{Users: 20, Version: "v1.3.1"}, false},
		{"Ory Network", kratossim.Config{Users: 20, Version: "v1.3.1", Hosted: true, APIKey: "ory_pat_k"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim, cl, _ := newProject(t, tc.cfg, nil)
			ctx := context.Background()
			h, err := cl.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range h.Permissions {
				if !p.OK {
					t.Fatalf("%s reported missing (%s): the server works as it is", p.Name, p.Hint)
				}
				if strings.Contains(p.Hint+p.Name, "upgrade") {
					t.Fatalf("no upgrade advice: %s %s", p.Name, p.Hint)
				}
			}
			m, err := cl.SignOutMethods(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Sessions.PerCall > 1; got != tc.bulk {
				t.Fatalf("sessions method %+v, want bulk=%v", m.Sessions, tc.bulk)
			}
			if m.User == nil || m.User.Call != "DELETE /admin/identities/{id}/sessions" || len(m.Contain) != 1 {
				t.Fatalf("user and containment methods: %+v", m)
			}
			// The answer is remembered: planning again and signing out ask nothing more.
			bulks := sim.Stats().Bulks
			if _, err := cl.SignOutMethods(ctx); err != nil {
				t.Fatal(err)
			}
			ids := sim.ActiveSessionIDs()[:3]
			res, err := cl.RevokeSessions(ctx, ids)
			if err != nil || len(res) != 3 {
				t.Fatalf("revoke: %+v %v", res, err)
			}
			for _, id := range ids {
				if slices.Contains(sim.ActiveSessionIDs(), id) || sim.Revocations()[id] != 1 {
					t.Fatalf("%s: still active, or ended %d times", id, sim.Revocations()[id])
				}
			}
			wantBulks := bulks
			if tc.bulk {
				wantBulks++
			}
			if sim.Stats().Bulks != wantBulks {
				t.Fatalf("bulk calls %d → %d: the probe must not be repeated", bulks, sim.Stats().Bulks)
			}
		})
	}
}

// Parallel first uses ask the server once.
func TestParallelFirstBatchesProbeOnce(t *testing.T) {
	sim, cl, _ := newProject(t, kratossim.Config{Users: 60}, nil)
	ids := sim.ActiveSessionIDs()
	done := make(chan error, 4)
	for w := range 4 {
		go func() {
			_, err := cl.RevokeSessions(context.Background(), ids[w*3:w*3+3])
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	// 12 sessions one by one: a GET and a DELETE each, plus one refused POST.
	if n := sim.Stats().Requests; n != 12*2+1 {
		t.Fatalf("%d requests: the missing bulk endpoint must be asked about once", n)
	}
	var _ source.SignOutPlanner = cl
}
