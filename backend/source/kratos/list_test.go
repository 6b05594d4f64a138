package kratos_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/source"
	"sessionscope/backend/source/kratos"
	kratossim "sessionscope/backend/source/sim/kratos"
)

func TestSelfHostedWorksWithTheURLAlone(t *testing.T) {
	sim := kratossim.New(kratossim.Config{Users: 30, Seed: 4})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	dc := sim.DemoConnection()
	if dc.URL != base || len(dc.Options) != 0 || len(dc.Secrets) != 0 {
		t.Fatalf("a self-hosted demo connection is the URL alone, got %+v", dc)
	}
	c := &kratos.Connector{}
	cfg := source.Config{URL: dc.URL, Options: dc.Options}
	if err := c.Validate(cfg); err != nil {
		t.Fatalf("Validate refused a URL-only configuration: %v", err)
	}
	// No keyring at all, and a keyring without the secret: both mean "no API key".
	for _, sec := range []source.Secrets{nil, secrets.ForConnection(secrets.NewMemory(), 7)} {
		cl := open(t, dc.URL, nil, sec, time.Now)
		ids, _, err := listAll(t, cl)
		if err != nil || !slices.Equal(sorted(ids), sim.ActiveSessionIDs()) {
			t.Fatalf("listing with the URL alone: %d sessions, %v", len(ids), err)
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestListsEveryActiveSessionAndCountsTheInactive(t *testing.T) {
	sim, cl, _ := newProject(t, kratossim.Config{Users: 300, Seed: 7}, map[string]string{kratos.OptPageSize: "100"})
	ids, pages, err := listAll(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	if want := sim.ActiveSessionIDs(); !slices.Equal(sorted(ids), want) {
		t.Fatalf("listed %d sessions, the simulator has %d active", len(ids), len(want))
	}
	dropped := 0
	for i, p := range pages {
		dropped += p.Dropped
		if p.Total != 0 {
			t.Fatalf("page %d: Kratos v26 reports no total, got %d", i+1, p.Total)
		}
		if len(p.Sessions)+p.Dropped == 0 {
			t.Fatalf("page %d is empty: Kratos sends no empty trailing page", i+1)
		}
	}
	if want := sim.SessionCount() - len(ids); dropped == 0 || dropped != want {
		t.Fatalf("dropped %d disabled/expired/deactivated sessions, want %d", dropped, want)
	}
	if want := (sim.SessionCount() + 99) / 100; len(pages) != want || int(sim.Stats().Lists) != want {
		t.Fatalf("%d rows at 100 per page took %d pages (%d list calls), want %d", sim.SessionCount(), len(pages), sim.Stats().Lists, want)
	}
}

func TestVersion1ReportsTheTotal(t *testing.T) {
	sim, cl, _ := newProject(t, kratossim.Config{Users: 60, Seed: 3, Version: "v1.3.1"}, map[string]string{kratos.OptPageSize: "25"})
	_, pages, err := listAll(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if p.Total != sim.SessionCount() {
			t.Fatalf("v1.3.1 sends X-Total-Count: Total = %d, want %d", p.Total, sim.SessionCount())
		}
	}
}

// linkServer serves three one-session pages with the Link header written by linkFor.
func linkServer(t *testing.T, linkFor func(base, token string) []string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/admin/sessions" || r.URL.Query().Get("page_size") == "" || len(r.URL.Query()["expand"]) != 2 {
			http.Error(w, "unexpected request "+r.URL.String(), http.StatusTeapot)
			return
		}
		n := map[string]int{"": 1, "tok+2/x": 2, "tok+3/x": 3}[r.URL.Query().Get("page_token")]
		next := ""
		if n < 3 {
			next = fmt.Sprintf("tok+%d/x", n+1)
		}
		for _, v := range linkFor(srv.URL, next) {
			w.Header().Add("Link", v)
		}
		fmt.Fprintf(w, `[{"id":"00000000-0000-4000-8000-00000000000%d","active":true,"issued_at":"2026-07-01T10:00:02.123456789Z",`+
			`"identity":{"id":"11111111-1111-4111-8111-111111111111","traits":{"email":"a@b.example"}},"devices":null}]`, n)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFollowsEveryLinkHeaderForm(t *testing.T) {
	q := func(tok string) string {
		return "page_size=1&page_token=" + strings.NewReplacer("+", "%2B", "/", "%2F").Replace(tok)
	}
	forms := map[string]func(base, tok string) []string{
		"two header lines, relative": func(_, tok string) []string {
			out := []string{`</admin/sessions?page_token=first&page_size=1>; rel="first"`}
			if tok != "" {
				out = append(out, `</admin/sessions?expand=identity&`+q(tok)+`>; rel="next"`)
			}
			return out
		},
		"one comma-joined value, absolute": func(base, tok string) []string {
			v := `<` + base + `/admin/sessions?page_token=first>; rel="first"`
			if tok != "" {
				v += `,<` + base + `/admin/sessions?` + q(tok) + `>; rel="next"`
			}
			return []string{v}
		},
		"next first, unquoted rel, other path": func(_, tok string) []string {
			if tok == "" {
				return []string{`</sessions?page_token=first>; rel=first`}
			}
			return []string{`</sessions?` + q(tok) + `>; rel=next, </sessions?page_token=first>; rel=first`}
		},
	}
	for name, f := range forms {
		t.Run(name, func(t *testing.T) {
			srv := linkServer(t, f)
			ids, pages, err := listAll(t, open(t, srv.URL, nil, nil, time.Now))
			if err != nil || len(ids) != 3 || len(pages) != 3 {
				t.Fatalf("got %v in %d pages, %v", ids, len(pages), err)
			}
		})
	}
	t.Run("a next link without a token is a bad response", func(t *testing.T) {
		srv := linkServer(t, func(_, tok string) []string { return []string{`</admin/sessions?page_size=1>; rel="next"`} })
		if _, _, err := listAll(t, open(t, srv.URL, nil, nil, time.Now)); source.CodeOf(err) != source.CodeBadResponse {
			t.Fatalf("want a bad-response error, got %v", err)
		}
	})
	t.Run("a link back to a page already read stops the listing", func(t *testing.T) {
		srv := linkServer(t, func(_, tok string) []string { return []string{`</admin/sessions?page_token=tok%2B2%2Fx>; rel="next"`} })
		_, _, err := listAll(t, open(t, srv.URL, nil, nil, time.Now))
		if source.CodeOf(err) != source.CodeBadResponse || !strings.Contains(err.Error(), "never end") {
			t.Fatalf("want a bad-response error about an endless listing, got %v", err)
		}
	})
}

func TestPublicURLGivesAHint(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"code":404,"status":"Not Found","message":"The requested resource could not be found"}}`)
	}))
	defer srv.Close()
	_, _, err := listAll(t, open(t, srv.URL, nil, nil, time.Now))
	if source.CodeOf(err) != source.CodeNotFound || !strings.Contains(err.Error(), "4434") {
		t.Fatalf("a 404 on the first page must hint at the admin port, got %v", err)
	}
}

func TestTruncatedPageIsAClearError(t *testing.T) {
	sim, cl, _ := newProject(t, kratossim.Config{Users: 200, Seed: 1}, map[string]string{kratos.OptPageSize: "50"})
	sim.InjectFault(kratossim.Fault{Kind: "truncated", Path: "list", After: 1})
	_, pages, err := listAll(t, cl)
	if source.CodeOf(err) != source.CodeBadResponse || !strings.Contains(err.Error(), "page 2") {
		t.Fatalf("want a bad-response error naming page 2, got %v", err)
	}
	if len(pages) != 1 {
		t.Fatalf("pages delivered before the bad one = %d, want 1", len(pages))
	}
}

func TestServerErrorsAndTimeoutsAreRetried(t *testing.T) {
	for _, kind := range []string{"503", "500", "429", "timeout"} {
		t.Run(kind, func(t *testing.T) {
			sim, cl, _ := newProject(t, kratossim.Config{Users: 20, Seed: 1}, nil)
			if kind == "timeout" {
				cl = openTimeout(t, sim.URL(), nil, nil, time.Now, 150*time.Millisecond)
			}
			sim.InjectFault(kratossim.Fault{Kind: kind, Path: "list", Count: 2})
			ids, _, err := listAll(t, cl)
			if err != nil || len(ids) != len(sim.ActiveSessionIDs()) {
				t.Fatalf("two %s faults then success: got %d sessions, %v", kind, len(ids), err)
			}
		})
	}
	sim, cl, _ := newProject(t, kratossim.Config{Users: 20, Seed: 1}, nil)
	sim.InjectFault(kratossim.Fault{Kind: "503", Path: "list", Count: 10})
	_, _, err := listAll(t, cl)
	if source.CodeOf(err) != source.CodeUnavailable || !strings.Contains(err.Error(), "4 attempts") {
		t.Fatalf("retries must be bounded and end in a clear error, got %v", err)
	}
}

func TestContextCancelStopsTheListing(t *testing.T) {
	sim, cl, _ := newProject(t, kratossim.Config{Users: 50, Seed: 1}, map[string]string{kratos.OptPageSize: "10"})
	ctx, cancel := context.WithCancel(context.Background())
	pages := 0
	err := cl.ListSessions(ctx, func(source.Page) error {
		pages++
		if pages == 2 {
			cancel()
		}
		return nil
	})
	if err == nil || pages != 2 || sim.Stats().Lists != 2 {
		t.Fatalf("cancelled after page 2: pages=%d lists=%d err=%v", pages, sim.Stats().Lists, err)
	}
}
