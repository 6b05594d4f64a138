package auth0sim

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestUserSearchPagingAndThe1000Cap(t *testing.T) {
	e := newEnv(t, Config{Users: 1200, Seed: 4})
	var ids []string
	for page := 0; ; page++ {
		var ur usersResp
		r := e.get("/api/v2/users?per_page=100&include_totals=true&page=" + itoa(page))
		if page == 10 {
			if r.status != 400 || r.apiErr(t).ErrorCode != "invalid_paging" {
				t.Fatalf("page 10 × 100: %d %s", r.status, r.body)
			}
			break
		}
		r.json(t, &ur)
		if ur.Start != page*100 || ur.Limit != 100 || ur.Length != len(ur.Users) || ur.Total != 1200 {
			t.Fatalf("page %d summary: %+v", page, ur)
		}
		for _, u := range ur.Users {
			ids = append(ids, u["user_id"].(string))
		}
	}
	if len(ids) != 1000 || !slices.Equal(ids, e.sim.UserIDs()[:1000]) {
		t.Fatalf("the first 1000 users in created_at order: got %d", len(ids))
	}
	// per_page that does not divide 1000 still stops at the 1000th result.
	var ur usersResp
	e.get("/api/v2/users?per_page=30&page=33&include_totals=true").json(t, &ur)
	if ur.Start != 990 || len(ur.Users) != 10 {
		t.Fatalf("page 33 × 30: %+v", ur)
	}
	if r := e.get("/api/v2/users?per_page=101"); r.status != 400 || !strings.Contains(r.apiErr(t).Message, "greater than maximum 100") {
		t.Fatalf("per_page 101: %d %s", r.status, r.body)
	}
	// Without page, at most 50 come back and the body is a bare array.
	var arr []map[string]any
	e.get("/api/v2/users?per_page=100").json(t, &arr)
	if len(arr) != 50 {
		t.Fatalf("no page parameter: %d users, want 50", len(arr))
	}
}

func TestCreatedAtWindowsReachEveryUser(t *testing.T) {
	e := newEnv(t, Config{Users: 700, Seed: 9})
	all := e.sim.UserIDs()
	// Walk windows of at most 300 results, restarting each at the last created_at seen.
	seen := map[string]bool{}
	var order []string
	lower := ""
	for round := 0; round < 20 && len(order) < len(all); round++ {
		q := url.Values{"per_page": {"100"}, "sort": {"created_at:1"}, "include_totals": {"true"}, "fields": {"user_id,created_at"}}
		if lower != "" {
			q.Set("q", `created_at:["`+lower+`" TO *]`)
		}
		for page := 0; page < 3; page++ {
			q.Set("page", itoa(page))
			var ur usersResp
			e.get("/api/v2/users?"+q.Encode()).json(t, &ur)
			for _, u := range ur.Users {
				if len(u) != 2 {
					t.Fatalf("fields=user_id,created_at returned %v", u)
				}
				id := u["user_id"].(string)
				lower = u["created_at"].(string)
				if !seen[id] {
					seen[id] = true
					order = append(order, id)
				}
			}
		}
	}
	if !slices.Equal(order, all) {
		t.Fatalf("windows found %d of %d users (or out of order)", len(order), len(all))
	}
	// Exclusive bounds and closed ranges.
	first := e.sim.UserIDs()[0]
	var ur usersResp
	e.get("/api/v2/users?include_totals=true&q="+url.QueryEscape(`user_id:"`+first+`"`)).json(t, &ur)
	created := ur.Users[0]["created_at"].(string)
	var incl, excl usersResp
	e.get("/api/v2/users?include_totals=true&q="+url.QueryEscape(`created_at:[* TO "`+created+`"]`)).json(t, &incl)
	e.get("/api/v2/users?include_totals=true&q="+url.QueryEscape(`created_at:{* TO "`+created+`"}`)).json(t, &excl)
	if incl.Total < 1 || excl.Total != 0 {
		t.Fatalf("inclusive %d, exclusive %d results up to the first user's created_at", incl.Total, excl.Total)
	}
	if r := e.get("/api/v2/users?q=" + url.QueryEscape("app_metadata.plan:[1 TO 2]")); r.status != 400 ||
		r.apiErr(t).ErrorCode != "invalid_query_string" {
		t.Fatalf("unsupported query: %d %s", r.status, r.body)
	}
}

func TestSortAndFieldsAndFilters(t *testing.T) {
	e := newEnv(t, Config{Users: 120, Seed: 2})
	var desc []map[string]any
	e.get("/api/v2/users?page=0&per_page=100&sort=created_at:-1").json(t, &desc)
	all := e.sim.UserIDs()
	if desc[0]["user_id"] != all[len(all)-1] {
		t.Fatal("sort=created_at:-1 must start with the newest user")
	}
	var emails []map[string]any
	e.get("/api/v2/users?page=0&per_page=100&sort=email:1&fields=email,user_id").json(t, &emails)
	if !slices.IsSortedFunc(emails, func(a, b map[string]any) int { return strings.Compare(a["email"].(string), b["email"].(string)) }) {
		t.Fatal("sort=email:1 is not sorted")
	}
	var excl []map[string]any
	e.get("/api/v2/users?page=0&per_page=5&fields=identities,picture&include_fields=false").json(t, &excl)
	if _, has := excl[0]["identities"]; has || excl[0]["email"] == nil {
		t.Fatalf("include_fields=false must drop the listed fields: %v", excl[0])
	}
	if r := e.get("/api/v2/users?sort=favourite_colour:1"); r.status != 400 {
		t.Fatalf("unknown sort field: %d", r.status)
	}
	var saml usersResp
	e.get("/api/v2/users?include_totals=true&q="+url.QueryEscape(`identities.connection:"acme-okta"`)).json(t, &saml)
	if saml.Total == 0 || !strings.HasPrefix(saml.Users[0]["user_id"].(string), "samlp|acme-okta|") {
		t.Fatalf("enterprise connection users: %+v", saml.Total)
	}
}

func TestGetAndBlockUser(t *testing.T) {
	e := newEnv(t, Config{Users: 40, Seed: 6})
	id := e.sim.UserIDs()[3]
	var u map[string]any
	e.get(userPath(id)).json(t, &u)
	if u["user_id"] != id || u["blocked"] != nil || u["identities"] == nil || u["email"] == "" {
		t.Fatalf("user: %v", u)
	}
	r := e.call("PATCH", userPath(id), map[string]any{"blocked": true})
	r.json(t, &u)
	if r.status != 200 || u["blocked"] != true || !e.sim.Blocked(id) {
		t.Fatalf("block: %d %s", r.status, r.body)
	}
	var blocked usersResp
	e.get("/api/v2/users?include_totals=true&q=blocked:true").json(t, &blocked)
	if blocked.Total != 1 {
		t.Fatalf("blocked users: %d", blocked.Total)
	}
	if r := e.get(userPath("auth0|000000000000000000000000")); r.status != 404 || r.apiErr(t).ErrorCode != "inexistent_user" {
		t.Fatalf("unknown user: %d %s", r.status, r.body)
	}
	if r := e.call("PATCH", userPath(id), "not an object"); r.status != 400 {
		t.Fatalf("bad patch body: %d", r.status)
	}
	e.sim.SetScopes("read:users")
	_, body := e.grant(e.creds())
	if r := e.call("PATCH", userPath(id), map[string]any{"blocked": false}, body["access_token"].(string)); r.status != 403 ||
		!strings.Contains(r.apiErr(t).Message, "update:users") {
		t.Fatalf("patch without update:users: %d %s", r.status, r.body)
	}
}
