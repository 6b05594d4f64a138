package simkit

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"
)

func TestFaultQueueAfterCountAndClasses(t *testing.T) {
	var q FaultQueue
	q.Add(Fault{Kind: "503", Path: "list", After: 1, Count: 2})
	q.Add(Fault{Kind: "500", Path: "any"})
	if f, ok := q.Take("token"); !ok || f.Kind != "500" {
		t.Fatalf("token request: %+v %v, want the any-fault", f, ok)
	}
	var got []bool
	for range 4 {
		_, ok := q.Take("admin", "list")
		got = append(got, ok)
	}
	if want := []bool{false, true, true, false}; !equal(got, want) {
		t.Fatalf("list requests failed %v, want %v", got, want)
	}
}

func equal(a, b []bool) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

func TestFaultAnswersTruncateAndRelease(t *testing.T) {
	a := FaultAnswers{Internal: func(w http.ResponseWriter) { w.WriteHeader(599) }, KeepStatus: true}
	real := func(w http.ResponseWriter) { w.WriteHeader(201); _, _ = w.Write([]byte("0123456789")) }
	rec := httptest.NewRecorder()
	a.Serve(rec, httptest.NewRequest("GET", "/", nil), Fault{Kind: "truncated"}, nil, real)
	if rec.Code != 201 || rec.Body.String() != "01234" || rec.Header().Get("Content-Length") != "5" {
		t.Fatalf("truncated: %d %q %v", rec.Code, rec.Body, rec.Header())
	}
	closed := make(chan struct{})
	close(closed)
	done := make(chan struct{})
	go func() {
		a.Serve(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil), Fault{Kind: "timeout"}, closed, real)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a closed server did not release a timeout fault")
	}
}

func TestLifecycleLoopbackOnly(t *testing.T) {
	var l Lifecycle
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "nonsense"} {
		if _, err := l.Start("test", addr, http.NotFoundHandler()); err == nil {
			t.Fatalf("Start(%q) must be refused", addr)
		}
	}
	u, err := l.Start("test", "127.0.0.1:0", http.NotFoundHandler())
	if err != nil || l.URL() != u {
		t.Fatalf("start: %q %v", u, err)
	}
	if _, err := l.Start("test", "127.0.0.1:0", http.NotFoundHandler()); err == nil {
		t.Fatal("a second Start must fail")
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-l.Closed():
	default:
		t.Fatal("Closed not closed after Close")
	}
}

func TestDeterministicHelpers(t *testing.T) {
	a, b := NewRand(7, 1), NewRand(7, 1)
	for range 100 {
		if a.City() != b.City() || a.Weighted(1, 2, 3) != b.Weighted(1, 2, 3) {
			t.Fatal("same seed, different draws")
		}
	}
	if IPFor(3, 4, 5) != IPFor(3, 4, 5) || DetString(1, 2, 8, Alnum) != DetString(1, 2, 8, Alnum) {
		t.Fatal("hash helpers are not deterministic")
	}
	if u := UUIDFrom(Splitmix(1), Splitmix(2)).String(); !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(u) {
		t.Fatalf("not a version-4 UUID: %s", u)
	}
	if CityIndex("Tokyo") < 0 || Cities[CityIndex("Tokyo")].ISO != "JP" || Slug("Zürich-Labs AG", "org") != "zurichlabs" || Slug(" ", "org") != "org" {
		t.Fatal("tables")
	}
}

func TestBearerToken(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "OAuth abc ")
	if BearerToken(r) != "" || BearerToken(r, "OAuth") != "abc" {
		t.Fatal("OAuth scheme")
	}
	r.Header.Set("Authorization", "bearer xyz")
	if BearerToken(r) != "xyz" {
		t.Fatal("bearer scheme")
	}
}

func TestZeroWeightCitiesAreNeverDrawn(t *testing.T) {
	r := NewRand(3, 9)
	moscow := CityIndex("Moscow")
	if Cities[moscow].Weight != 0 {
		t.Fatal("Moscow is for planted cases only")
	}
	for range 200000 {
		if r.City() == moscow {
			t.Fatal("a zero-weight city was drawn")
		}
	}
}
