package keycloak_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/keycloak"
	kcsim "sessionscope/backend/source/sim/keycloak"
)

func all(pages []source.Page) []session.Session {
	var out []session.Session
	for _, p := range pages {
		out = append(out, p.Sessions...)
	}
	return out
}

func TestListDeduplicatesAcrossClientsAndKeepsOfflineApart(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 300, Seed: 3}, map[string]string{keycloak.OptPageSize: "25"})
	pages, err := list(t, e.cl)
	if err != nil {
		t.Fatal(err)
	}
	ss := all(pages)
	var ids []string
	multi, shared := 0, 0
	byRaw := map[string][]string{}
	for _, s := range ss {
		ids = append(ids, s.ID)
		if strings.Contains(s.Device.Application, ", ") {
			multi++
		}
		raw := strings.TrimSuffix(s.ID, keycloak.OfflineSuffix)
		byRaw[raw] = append(byRaw[raw], s.SessionType)
		if (s.SessionType == keycloak.TypeOffline) != strings.HasSuffix(s.ID, keycloak.OfflineSuffix) {
			t.Fatalf("session %s has type %s", s.ID, s.SessionType)
		}
	}
	for _, kinds := range byRaw {
		if len(kinds) == 2 {
			shared++
		}
	}
	slices.Sort(ids)
	if !slices.Equal(ids, e.sim.ActiveSessionIDs()) {
		t.Fatalf("listed %d sessions, the simulator has %d active", len(ids), len(e.sim.ActiveSessionIDs()))
	}
	if multi == 0 || shared == 0 {
		t.Fatalf("the data should have sessions under several clients (%d) and regular+offline pairs sharing an id (%d)", multi, shared)
	}
}

func TestListDropsSessionsPastTheirTimeouts(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 800, Seed: 4}, nil)
	stored := e.sim.SessionCount() // includes sessions expired but not yet cleaned up
	pages, err := list(t, e.cl)
	if err != nil {
		t.Fatal(err)
	}
	dropped := 0
	for _, p := range pages {
		dropped += p.Dropped
	}
	active := len(e.sim.ActiveSessionIDs())
	if dropped == 0 || dropped != stored-active {
		t.Fatalf("dropped %d, want %d (listed by Keycloak but past idle timeout)", dropped, stored-active)
	}
}

func TestListMapsFieldsAndDerivesExpiry(t *testing.T) {
	tm := kcsim.Timeouts{SSOSessionIdle: 20 * time.Minute, SSOSessionMax: 8 * time.Hour,
		SSOSessionIdleRememberMe: 3 * 24 * time.Hour, SSOSessionMaxRememberMe: 14 * 24 * time.Hour,
		OfflineSessionIdle: 10 * 24 * time.Hour, OfflineSessionMax: 20 * 24 * time.Hour, OfflineSessionMaxEnabled: true}
	e := newEnv(t, kcsim.Config{Users: 200, Seed: 6, Timeouts: tm}, nil)
	pages, err := list(t, e.cl)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, s := range all(pages) {
		var raw struct {
			ID         string            `json:"id"`
			Start      int64             `json:"start"`
			LastAccess int64             `json:"lastAccess"`
			RememberMe bool              `json:"rememberMe"`
			Clients    map[string]string `json:"clients"`
			IP         string            `json:"ipAddress"`
		}
		if err := json.Unmarshal(s.Raw, &raw); err != nil {
			t.Fatal(err)
		}
		start, last := time.UnixMilli(raw.Start).UTC(), time.UnixMilli(raw.LastAccess).UTC()
		var want time.Time
		switch {
		case s.SessionType == keycloak.TypeOffline:
			want = minTime(last.Add(tm.OfflineSessionIdle), start.Add(tm.OfflineSessionMax))
			kinds["offline"]++
		case raw.RememberMe:
			want = minTime(last.Add(tm.SSOSessionIdleRememberMe), start.Add(tm.SSOSessionMaxRememberMe))
			kinds["remember"]++
		default:
			want = minTime(last.Add(tm.SSOSessionIdle), start.Add(tm.SSOSessionMax))
			kinds["regular"]++
		}
		if !s.CreatedAt.Equal(start) || !s.LastActiveAt.Equal(last) || !s.ExpiresAt.Equal(want) {
			t.Fatalf("%s: created %v last %v expires %v, want %v %v %v", s.ID, s.CreatedAt, s.LastActiveAt, s.ExpiresAt, start, last, want)
		}
		if strings.TrimSuffix(s.ID, keycloak.OfflineSuffix) != raw.ID || s.SourceIP != raw.IP || s.Username == "" || s.UserID == "" {
			t.Fatalf("ids/user/ip not mapped: %+v", s)
		}
		var apps []string
		for _, c := range raw.Clients {
			apps = append(apps, c)
		}
		slices.Sort(apps)
		if s.Device.Application != strings.Join(apps, ", ") {
			t.Fatalf("application %q, clients %v", s.Device.Application, apps)
		}
		if s.IsCurrent {
			t.Fatalf("a service account has no session of its own, but %s is marked current", s.ID)
		}
	}
	if kinds["offline"] == 0 || kinds["remember"] == 0 || kinds["regular"] == 0 {
		t.Fatalf("want all three expiry rules exercised: %v", kinds)
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func TestListPagesWithFirstAndMax(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 400, Seed: 9}, map[string]string{keycloak.OptPageSize: "50"})
	before := e.sim.Stats().ListPages
	if _, err := list(t, e.cl); err != nil {
		t.Fatal(err)
	}
	requests := e.sim.Stats().ListPages - before
	// 1 stats request plus, per client listing, ceil((n+1)/50) pages: well over ten.
	if requests < 10 {
		t.Fatalf("a 50-session page size over ~600 sessions took only %d listing requests", requests)
	}
}

func TestLegacyAuthContextPath(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 40, ContextPath: "/auth"}, nil)
	if !strings.HasSuffix(e.cfg.URL, "/auth") {
		t.Fatalf("demo URL %q should carry the context path", e.cfg.URL)
	}
	pages, err := list(t, e.cl)
	if err != nil || len(all(pages)) != len(e.sim.ActiveSessionIDs()) {
		t.Fatalf("listing under /auth: %v", err)
	}
}

func TestInteractiveSignInMarksOwnSessionAndRotatesRefreshToken(t *testing.T) {
	e, sid := newInteractiveEnv(t, kcsim.Config{Users: 30}, "openid offline_access", nil)
	before, _ := e.sec.Get(ctx(), keycloak.SecretRefresh)
	pages, err := list(t, e.cl)
	if err != nil {
		t.Fatal(err)
	}
	var current []string
	for _, s := range all(pages) {
		if s.IsCurrent {
			current = append(current, s.ID)
		}
	}
	slices.Sort(current)
	if want := []string{sid, sid + keycloak.OfflineSuffix}; !slices.Equal(current, want) {
		t.Fatalf("current sessions %v, want the sign-in's regular and offline session %v", current, want)
	}
	after, _ := e.sec.Get(ctx(), keycloak.SecretRefresh)
	if after == before || after == "" {
		t.Fatal("the refresh token Keycloak sent back should replace the stored one")
	}
	who, err := e.cl.WhoAmI(ctx())
	if err != nil || who != "admin" {
		t.Fatalf("WhoAmI = %q, %v", who, err)
	}
}

func TestUIExtFallsBackWhenMissingAndRemembers(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 60}, map[string]string{keycloak.OptUIExt: "true"})
	for i := 0; i < 2; i++ {
		before := e.sim.Stats().Requests
		pages, err := list(t, e.cl)
		if err != nil || len(all(pages)) != len(e.sim.ActiveSessionIDs()) {
			t.Fatalf("listing %d: %v", i, err)
		}
		if i == 1 && e.sim.Stats().Requests-before > 40 {
			t.Fatalf("second listing made %d requests", e.sim.Stats().Requests-before)
		}
	}
}

func TestUIExtListsInFewRequests(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 300, UIExt: true}, map[string]string{keycloak.OptUIExt: "true"})
	before := e.sim.Stats().ListPages
	pages, err := list(t, e.cl)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, s := range all(pages) {
		got = append(got, s.ID)
	}
	slices.Sort(got)
	if !slices.Equal(got, e.sim.ActiveSessionIDs()) {
		t.Fatalf("ui-ext listing: %d sessions, %d active", len(got), len(e.sim.ActiveSessionIDs()))
	}
	if n := e.sim.Stats().ListPages - before; n > 2 {
		t.Fatalf("ui-ext with 500 per page took %d listing requests", n)
	}
}

func TestListWithoutViewClientsNamesTheRole(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 20, ServiceAccountRoles: []string{"view-realm", "manage-users"}}, nil)
	_, err := list(t, e.cl)
	if source.CodeOf(err) != source.CodePermission || !strings.Contains(err.Error(), "view-clients") ||
		!strings.Contains(err.Error(), "Service accounts roles") {
		t.Fatalf("want a permission error naming view-clients and where to grant it, got %v", err)
	}
}

func TestListStopsWhenPageCallbackFails(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 100}, map[string]string{keycloak.OptPageSize: "10"})
	calls := 0
	stop := &source.Error{Code: source.CodeBadRequest, Message: "stop"}
	err := e.cl.ListSessions(ctx(), func(source.Page) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
}
