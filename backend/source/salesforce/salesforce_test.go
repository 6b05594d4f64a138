package salesforce_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
)

// newOrg starts a simulator on loopback and opens a connector client on it.
func newOrg(t *testing.T, cfg sfsim.Config, opts map[string]string) (*sfsim.Server, source.Client, *secrets.Memory) {
	t.Helper()
	sim := sfsim.New(cfg)
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	mem := secrets.NewMemory()
	sec := secrets.ForConnection(mem, 1)
	if err := sec.Set(context.Background(), salesforce.SecretRefresh, sim.Credentials().RefreshToken); err != nil {
		t.Fatal(err)
	}
	o := map[string]string{salesforce.OptClientID: sim.Credentials().ClientID}
	for k, v := range opts {
		o[k] = v
	}
	conn := &salesforce.Connector{Tuning: pace.Tuning{RetryBase: 5 * time.Millisecond, Attempts: 4}}
	cl, err := conn.Open(context.Background(), source.Config{Name: "Acme", URL: base, Options: o, Secrets: sec,
		HTTPTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	return sim, cl, mem
}

func listAll(t *testing.T, cl source.Client) ([]string, []source.Page, error) {
	t.Helper()
	var ids []string
	var pages []source.Page
	err := cl.ListSessions(context.Background(), func(p source.Page) error {
		pages = append(pages, p)
		for _, s := range p.Sessions {
			ids = append(ids, s.ID)
		}
		return nil
	})
	return ids, pages, err
}

func TestListsEveryActiveSessionAcrossPages(t *testing.T) {
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 300, Seed: 7}, map[string]string{salesforce.OptBatchSize: "200"})
	ids, pages, err := listAll(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	want := sim.ActiveSessionIDs()
	slices.Sort(ids)
	if !slices.Equal(ids, want) {
		t.Fatalf("listed %d sessions, simulator has %d active", len(ids), len(want))
	}
	if len(pages) < 3 {
		t.Fatalf("batch size 200 over %d records should take several pages, took %d", sim.SessionCount(), len(pages))
	}
	dropped := 0
	for _, p := range pages {
		dropped += p.Dropped
	}
	if dropped == 0 || dropped != sim.SessionCount()-len(want) {
		t.Fatalf("expired sessions dropped = %d, want %d (listed but past LastModifiedDate+NumSecondsValid)",
			dropped, sim.SessionCount()-len(want))
	}
}

func TestMapsFieldsAndMarksOwnSession(t *testing.T) {
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 50, Seed: 3}, nil)
	var own, withGeo, children int
	now := time.Now()
	err := cl.ListSessions(context.Background(), func(p source.Page) error {
		for _, s := range p.Sessions {
			if s.IsCurrent {
				own++
				if s.Username != sim.AdminUsername() {
					t.Errorf("IsCurrent session belongs to %s, not the signed-in admin", s.Username)
				}
			}
			if s.Geo.Latitude != nil && s.Geo.City != "" && s.Geo.CountryCode != "" && s.Geo.Source == "server" {
				withGeo++
			}
			if s.ParentID != "" {
				children++
			}
			if s.Username == "" || s.UserID == "" || s.SessionType == "" || s.CreatedAt.IsZero() || len(s.Raw) == 0 {
				t.Fatalf("session %s is missing mapped fields: %+v", s.ID, s)
			}
			if !s.ExpiresAt.After(now) {
				t.Fatalf("session %s expired at %s but was listed", s.ID, s.ExpiresAt)
			}
			if s.LastActiveAt.Before(s.CreatedAt) {
				t.Fatalf("session %s last active before it was created", s.ID)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if own == 0 || withGeo == 0 || children == 0 {
		t.Fatalf("own=%d withGeo=%d children=%d: each must be present in the demo data", own, withGeo, children)
	}
}

func TestRevokeOneThenAlreadyGone(t *testing.T) {
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 20, Seed: 1}, nil)
	id := sim.ActiveSessionIDs()[0]
	rv := cl.(source.SessionRevoker)
	res, err := rv.RevokeSession(context.Background(), id)
	if err != nil || res.Outcome != source.Ended {
		t.Fatalf("first revoke: %+v %v", res, err)
	}
	if slices.Contains(sim.ActiveSessionIDs(), id) {
		t.Fatal("the simulator still lists the revoked session")
	}
	res, err = rv.RevokeSession(context.Background(), id)
	if err != nil || res.Outcome != source.AlreadyGone {
		t.Fatalf("second revoke must be 'already gone' (ENTITY_IS_DELETED), got %+v %v", res, err)
	}
	res, err = rv.RevokeSession(context.Background(), "0Ak000000000000AAA")
	if err != nil || res.Outcome != source.AlreadyGone {
		t.Fatalf("unknown id must be 'already gone' (NOT_FOUND), got %+v %v", res, err)
	}
	if _, err := rv.RevokeSession(context.Background(), "../../limits"); source.CodeOf(err) != source.CodeBadRequest {
		t.Fatalf("a malformed id must be refused before any request, got %v", err)
	}
}

func TestRevokeBatchReportsEachSession(t *testing.T) {
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 40, Seed: 2}, nil)
	ids := sim.ActiveSessionIDs()[:5]
	br := cl.(source.BatchRevoker)
	if _, err := cl.(source.SessionRevoker).RevokeSession(context.Background(), ids[2]); err != nil {
		t.Fatal(err)
	}
	// Deleting a parent session also deletes its children: those are gone before the batch.
	gone := map[string]bool{}
	for _, id := range ids {
		gone[id] = !slices.Contains(sim.ActiveSessionIDs(), id)
	}
	res, err := br.RevokeSessions(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		want := source.Ended
		if gone[ids[i]] {
			want = source.AlreadyGone
		}
		if r.SessionID != ids[i] || r.Outcome != want {
			t.Fatalf("result %d = %+v, want %s", i, r, want)
		}
	}
	if br.MaxBatch() != 200 {
		t.Fatalf("MaxBatch = %d, want the sObject Collections limit 200", br.MaxBatch())
	}
}

func TestExpiredAccessTokenIsRefreshedOnceAndRetried(t *testing.T) {
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 20, Seed: 1}, nil)
	if _, _, err := listAll(t, cl); err != nil {
		t.Fatal(err)
	}
	grants := sim.Stats().TokenGrants
	sim.ExpireAccessTokens()
	ids, _, err := listAll(t, cl)
	if err != nil || len(ids) == 0 {
		t.Fatalf("after the access token expired the listing must recover: %v", err)
	}
	if got := sim.Stats().TokenGrants - grants; got != 1 {
		t.Fatalf("token grants after expiry = %d, want exactly 1", got)
	}
}

func TestRevokedRefreshTokenNeedsSignIn(t *testing.T) {
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 20, Seed: 1}, nil)
	sim.RevokeRefreshTokens()
	_, _, err := listAll(t, cl)
	if source.CodeOf(err) != source.CodeAuth {
		t.Fatalf("a revoked refresh token must surface as an auth error, got %v", err)
	}
	if strings.Contains(err.Error(), sim.Credentials().RefreshToken) {
		t.Fatal("the error message contains the refresh token")
	}
}

func TestRequestLimitExceededIsSurfacedPlainly(t *testing.T) {
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 20, Seed: 1}, nil)
	sim.SetAPIUsage(5000, 5000)
	_, _, err := listAll(t, cl)
	if source.CodeOf(err) != source.CodeRateLimit || !strings.Contains(err.Error(), "REQUEST_LIMIT_EXCEEDED") {
		t.Fatalf("want a rate-limit error naming REQUEST_LIMIT_EXCEEDED, got %v", err)
	}
	st, ok := cl.(source.RateLimited).RateLimit()
	if !ok || st.Limit != 5000 {
		t.Fatalf("Sforce-Limit-Info not kept: %+v %v", st, ok)
	}
}

func TestServerErrorsAndTimeoutsAreRetried(t *testing.T) {
	for _, kind := range []string{"503", "500", "429", "timeout"} {
		t.Run(kind, func(t *testing.T) {
			sim, cl, _ := newOrg(t, sfsim.Config{Users: 20, Seed: 1}, nil)
			sim.InjectFault(sfsim.Fault{Kind: kind, Path: "query", Count: 2})
			ids, _, err := listAll(t, cl)
			if err != nil || len(ids) != len(sim.ActiveSessionIDs()) {
				t.Fatalf("two %s faults then success: got %d sessions, %v", kind, len(ids), err)
			}
		})
	}
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 20, Seed: 1}, nil)
	sim.InjectFault(sfsim.Fault{Kind: "503", Path: "query", Count: 10})
	_, _, err := listAll(t, cl)
	if source.CodeOf(err) != source.CodeUnavailable || !strings.Contains(err.Error(), "4 attempts") {
		t.Fatalf("retries must be bounded and end in a clear error, got %v", err)
	}
}

func TestTruncatedJSONIsAClearError(t *testing.T) {
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 300, Seed: 1}, map[string]string{salesforce.OptBatchSize: "200"})
	sim.InjectFault(sfsim.Fault{Kind: "truncated", Path: "query", After: 1})
	_, pages, err := listAll(t, cl)
	if source.CodeOf(err) != source.CodeBadResponse || !strings.Contains(err.Error(), "page 2") {
		t.Fatalf("want a bad-response error naming page 2, got %v", err)
	}
	if len(pages) != 1 {
		t.Fatalf("pages delivered before the bad one = %d, want 1", len(pages))
	}
}

func TestWhoAmI(t *testing.T) {
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 20, Seed: 1}, nil)
	who, err := cl.(source.Identity).WhoAmI(context.Background())
	if err != nil || who != sim.AdminUsername() {
		t.Fatalf("WhoAmI = %q, %v; want %s", who, err, sim.AdminUsername())
	}
}

func TestValidate(t *testing.T) {
	c := &salesforce.Connector{}
	for _, tc := range []struct {
		url, client, version string
		ok                   bool
	}{
		{"https://acme.my.salesforce.com", "abc", "", true},
		{"https://acme.my.salesforce.com", "abc", "66.0", true},
		{"https://acme.my.salesforce.com", "abc", "52.0", false},
		{"acme.my.salesforce.com", "abc", "", false},
		{"https://acme.my.salesforce.com", "", "", false},
	} {
		err := c.Validate(source.Config{URL: tc.url, Options: map[string]string{salesforce.OptClientID: tc.client, salesforce.OptAPIVersion: tc.version}})
		if (err == nil) != tc.ok {
			t.Errorf("Validate(%q, %q, %q) = %v, want ok=%v", tc.url, tc.client, tc.version, err, tc.ok)
		}
	}
}
