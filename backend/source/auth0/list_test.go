package auth0_test

import (
	"slices"
	"testing"
	"time"

	"sessionscope/backend/source/auth0"
	auth0sim "sessionscope/backend/source/sim/auth0"
)

func TestListsPastThe1000UserSearchCap(t *testing.T) {
	conn := fastConnector()
	conn.UsersPerPage = 100
	conn.Workers = 8
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 1050, Seed: 5}, conn)
	pages, ids, err := listAll(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Clone(ids)
	slices.Sort(got)
	if want := sim.ActiveSessionIDs(); !slices.Equal(got, want) {
		t.Fatalf("listed %d sessions, the tenant has %d active", len(got), len(want))
	}
	if len(slices.Compact(got)) != len(ids) {
		t.Fatal("a session was listed twice")
	}
	// 1050 users at 100 a page: 10 pages fill the first window, the second one starts at
	// the last created_at seen (its first page repeats those users, who are skipped).
	if n := sim.Stats().UserPages; len(pages) != int(n) || n < 11 || n > 12 {
		t.Fatalf("%d pages from %d user searches", len(pages), n)
	}
	dropped := 0
	for _, p := range pages {
		dropped += p.Dropped
	}
	if dropped == 0 || dropped != sim.SessionCount()-len(ids) {
		t.Fatalf("dropped %d, want the %d expired sessions the API still lists", dropped, sim.SessionCount()-len(ids))
	}
}

func TestFetchesSessionsWithBoundedConcurrency(t *testing.T) {
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 60, Seed: 2, Latency: 5 * time.Millisecond}, nil)
	if _, _, err := listAll(t, cl); err != nil {
		t.Fatal(err)
	}
	if m := sim.Stats().InFlightMax; m < 2 || m > auth0.DefaultWorkers {
		t.Fatalf("at most %d session lists at once, saw %d", auth0.DefaultWorkers, m)
	}
	if n := sim.Stats().SessionLists; n < 60 {
		t.Fatalf("one session list per user expected, got %d", n)
	}
}

func TestPacesItselfByTheRateLimitHeaders(t *testing.T) {
	conn := fastConnector()
	conn.MaxRateWait = 0 // the default: wait for the real reset
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 14, Seed: 4, RateLimit: 8, RatePerSecond: 8}, conn)
	start := time.Now()
	_, ids, err := listAll(t, cl)
	if err != nil {
		t.Fatalf("a small bucket must be waited out, not fail the listing: %v", err)
	}
	if len(ids) != len(sim.ActiveSessionIDs()) {
		t.Fatalf("listed %d of %d", len(ids), len(sim.ActiveSessionIDs()))
	}
	// Pacing by x-ratelimit-remaining/reset keeps 429s rare (workers racing for the last
	// tokens may still meet one now and then).
	if n := sim.Stats().RateLimited; n > 3 {
		t.Fatalf("%d requests were answered 429: the client does not pace itself", n)
	}
	if time.Since(start) < 500*time.Millisecond {
		t.Fatal("more requests than the bucket holds went through without waiting")
	}
	st, ok := cl.RateLimit()
	if !ok || st.Limit != 8 || st.Raw == "" {
		t.Fatalf("rate limit state %+v %v", st, ok)
	}
}

func TestEachUserPageIsOnePage(t *testing.T) {
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 95, Seed: 3}, nil)
	pages, _, err := listAll(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	// 95 users at 20 a page.
	if len(pages) != 5 {
		t.Fatalf("%d pages", len(pages))
	}
	users := map[string]bool{}
	for i, p := range pages {
		seen := map[string]bool{}
		for _, s := range p.Sessions {
			seen[s.UserID] = true
			if users[s.UserID] && !seen[s.UserID] {
				t.Fatalf("user %s spread over two pages", s.UserID)
			}
		}
		if len(seen) > 20 {
			t.Fatalf("page %d holds %d users' sessions", i, len(seen))
		}
		for u := range seen {
			users[u] = true
		}
	}
	if sim.Stats().UserPages != 5 {
		t.Fatalf("user searches: %d", sim.Stats().UserPages)
	}
}
