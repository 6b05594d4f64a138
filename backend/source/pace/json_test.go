package pace

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sessionscope/backend/source"
)

func TestGetJSONDecodesTheAnswer(t *testing.T) {
	var query string
	s, base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		query = r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery
		w.Write([]byte(`{"name":"a","n":2}`))
	})
	var got struct {
		Name string `json:"name"`
		N    int    `json:"n"`
	}
	p := newPacer(base, newClock(), Options{})
	resp, err := p.GetJSON(context.Background(), Request{Method: http.MethodDelete, URL: Path("/users", "a|b c", "logs"),
		Query: url.Values{"page": {"1"}}}, "the answer", &got)
	if err != nil || resp == nil || got.Name != "a" || got.N != 2 || s.n.Load() != 1 {
		t.Fatalf("%+v %v %v", got, resp, err)
	}
	if query != "GET /users/a|b c/logs?page=1" {
		t.Fatalf("sent %q: a GET of the escaped path with the query", query)
	}
}

func TestGetJSONErrors(t *testing.T) {
	_, base := serve(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`[1,`)) })
	var v []int
	_, err := newPacer(base, newClock(), Options{}).GetJSON(context.Background(), Request{URL: "/x"}, "page 3 of the list", &v)
	if source.CodeOf(err) != source.CodeBadResponse || !strings.HasPrefix(err.Error(), "page 3 of the list is not valid JSON (") {
		t.Fatalf("an unreadable answer: %v", err)
	}
	_, base = serve(t, status(403))
	resp, err := newPacer(base, newClock(), Options{}).GetJSON(context.Background(), Request{URL: "/x"}, "it", &v)
	if source.CodeOf(err) != source.CodePermission || resp == nil || resp.Status != 403 {
		t.Fatalf("an error answer keeps its code and comes back: %v %v", resp, err)
	}
}

func TestPathEscapesEachSegment(t *testing.T) {
	if got := Path("/api/v2/users", "auth0|42", "a/b", "logs"); got != "/api/v2/users/auth0%7C42/a%2Fb/logs" {
		t.Fatalf("Path = %q", got)
	}
	if got := Path("/admin/realms"); got != "/admin/realms" {
		t.Fatalf("no segments: %q", got)
	}
}
