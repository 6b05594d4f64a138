package auth0_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/source"
	"sessionscope/backend/source/auth0"
	"sessionscope/backend/source/pace"
)

// fakeTenant is a minimal Management API whose users' created_at values the test chooses,
// to hit the user-search window edges exactly. Each user has one session "s-<user>";
// users in gone answer 404 inexistent_user, as when deleted after the search.
type fakeTenant struct {
	created []time.Time // user i is "auth0|u<i>", sorted by created_at
	gone    map[int]bool
	search  int
}

var lowerBound = regexp.MustCompile(`^created_at:\["([^"]+)" TO \*\]$`)

func (f *fakeTenant) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	switch p := r.URL.EscapedPath(); {
	case p == "/oauth/token":
		fmt.Fprint(w, `{"access_token":"tok","expires_in":86400,"token_type":"Bearer","scope":"read:users read:sessions"}`)
	case p == "/api/v2/users":
		f.search++
		q := r.URL.Query()
		per, _ := strconv.Atoi(q.Get("per_page"))
		page, _ := strconv.Atoi(q.Get("page"))
		var from time.Time
		if m := lowerBound.FindStringSubmatch(q.Get("q")); m != nil {
			from, _ = time.Parse(time.RFC3339Nano, m[1])
		} else if q.Get("q") != "" {
			w.WriteHeader(400)
			return
		}
		var match []int
		for i, c := range f.created {
			if !c.Before(from) {
				match = append(match, i)
			}
		}
		start := page * per
		if start >= 1000 {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"statusCode":400,"error":"Bad Request","message":"You can only page through the first 1000 records.","errorCode":"invalid_paging"}`)
			return
		}
		end := min(start+per, 1000, len(match))
		var users []map[string]string
		for _, i := range match[min(start, end):end] {
			users = append(users, map[string]string{"user_id": "auth0|u" + strconv.Itoa(i),
				"email": fmt.Sprintf("u%d@example.com", i), "created_at": f.created[i].Format("2006-01-02T15:04:05.000Z")})
		}
		json.NewEncoder(w).Encode(map[string]any{"start": start, "limit": per, "length": len(users), "users": users, "total": len(match)})
	case strings.HasPrefix(p, "/api/v2/users/") && strings.HasSuffix(p, "/sessions"):
		id, _ := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(p, "/api/v2/users/"), "/sessions"))
		n, _ := strconv.Atoi(strings.TrimPrefix(id, "auth0|u"))
		if f.gone[n] {
			w.WriteHeader(404)
			fmt.Fprint(w, `{"statusCode":404,"error":"Not Found","message":"The user does not exist.","errorCode":"inexistent_user"}`)
			return
		}
		fmt.Fprintf(w, `{"sessions":[{"id":"s-%d","user_id":%q,"created_at":"2026-01-01T00:00:00Z","expires_at":"2999-01-01T00:00:00Z"}]}`, n, id)
	default:
		w.WriteHeader(404)
	}
}

func openFake(t *testing.T, f *fakeTenant) source.Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	sec := secrets.ForConnection(secrets.NewMemory(), 1)
	sec.Set(context.Background(), auth0.SecretClient, "s3cret")
	conn := &auth0.Connector{Tuning: pace.Tuning{RetryBase: time.Millisecond}, UsersPerPage: 100, Workers: 16}
	cl, err := conn.Open(context.Background(), source.Config{URL: srv.URL, Options: map[string]string{auth0.OptClientID: "c"}, Secrets: sec})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func TestWindowBoundaryTiesAreNeitherLostNorRepeated(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	f := &fakeTenant{gone: map[int]bool{1002: true}}
	for i := range 1005 {
		// Users 995–1004 were imported at the same instant: the first window ends among them.
		f.created = append(f.created, t0.Add(time.Duration(min(i, 995))*time.Second))
	}
	_, ids, err := listAll(t, openFake(t, f))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 1005 {
		if i != 1002 { // deleted between the search and its session list: no sessions, no error
			want = append(want, "s-"+strconv.Itoa(i))
		}
	}
	slices.Sort(ids)
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Fatalf("listed %d sessions, want %d", len(ids), len(want))
	}
	if f.search != 11 {
		t.Fatalf("%d user searches, want 10 for the first window and 1 for the rest", f.search)
	}
}

func TestMoreThan1000UsersAtOneInstantIsReportedNotLooped(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	f := &fakeTenant{}
	for range 1001 {
		f.created = append(f.created, t0)
	}
	_, _, err := listAll(t, openFake(t, f))
	if source.CodeOf(err) != source.CodeBadRequest || !strings.Contains(err.Error(), "export") {
		t.Fatalf("want a clear error naming the export job, got %v", err)
	}
	if f.search > 21 {
		t.Fatalf("%d user searches: the client looped", f.search)
	}
}
