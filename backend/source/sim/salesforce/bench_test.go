package salesforcesim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// benchEnv is a simulator with about 110k sessions and a logged-in admin.
func benchEnv(b *testing.B) (*Server, string) {
	b.Helper()
	sim := New(Config{Users: 45000, Now: fixedNow})
	c := sim.Credentials()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/services/oauth2/token", nil)
	req.PostForm = url.Values{"grant_type": {"refresh_token"}, "client_id": {c.ClientID}, "refresh_token": {c.RefreshToken}}
	sim.Handler().ServeHTTP(rec, req)
	var tr tokenResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &tr); err != nil || tr.AccessToken == "" {
		b.Fatalf("token: %s", rec.Body.Bytes())
	}
	return sim, tr.AccessToken
}

// BenchmarkQueryPage measures serving one 2000-record page of the recommended list query
// (all fields, relationships included): "render" is the JSON encoding alone, "handler" a
// nextRecordsUrl request through the HTTP handler (auth, accounting, cursor, encoding) and
// "query" the initial request (filtering and sorting all sessions, then the first page).
func BenchmarkQueryPage(b *testing.B) {
	sim, tok := benchEnv(b)
	b.Logf("%d sessions", sim.SessionCount())
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", queryPath(fullQuery), nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	sim.Handler().ServeHTTP(rec, req)
	var first queryPage
	if err := json.Unmarshal(rec.Body.Bytes(), &first); err != nil || first.Done {
		b.Fatalf("first page: %v %.200s", err, rec.Body.Bytes())
	}

	b.Run("render", func(b *testing.B) {
		p, _ := compileQuery(fullQuery, 66, &sim.st.ids)
		ec := &evalCtx{st: sim.st, org: &sim.org}
		rows := make([]int32, 2000)
		for i := range rows {
			rows[i] = int32(i * 7)
		}
		rd := newRenderer(ec, p.proj, "v66.0")
		var buf []byte
		b.ReportAllocs()
		for b.Loop() {
			buf = rd.appendPage(buf[:0], 100000, "/services/data/v66.0/query/01g-2000", rows)
		}
		b.SetBytes(int64(len(buf)))
	})

	b.Run("handler", func(b *testing.B) {
		next := httptest.NewRequest("GET", first.NextRecordsURL, nil)
		next.Header.Set("Authorization", "Bearer "+tok)
		b.ReportAllocs()
		for b.Loop() {
			w := httptest.NewRecorder()
			sim.Handler().ServeHTTP(w, next)
			if w.Code != 200 {
				b.Fatalf("%d %s", w.Code, w.Body.Bytes())
			}
		}
	})

	b.Run("query", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w := httptest.NewRecorder()
			sim.Handler().ServeHTTP(w, req)
			if w.Code != 200 {
				b.Fatalf("%d %s", w.Code, w.Body.Bytes())
			}
		}
	})
}

// BenchmarkFullRefresh is what the app's benchmark does: a Go client over loopback HTTP
// lists all ~110k sessions (query + every nextRecordsUrl) and decodes the JSON.
func BenchmarkFullRefresh(b *testing.B) {
	sim, tok := benchEnv(b)
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	client := srv.Client()
	get := func(path string) queryPage {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		var p queryPage
		if resp.StatusCode != 200 {
			body, _ := io.ReadAll(resp.Body)
			b.Fatalf("%d %s", resp.StatusCode, body)
		}
		if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
			b.Fatal(err)
		}
		return p
	}
	for b.Loop() {
		n := 0
		p := get(queryPath(fullQuery))
		for {
			n += len(p.Records)
			if p.Done {
				break
			}
			p = get(p.NextRecordsURL)
		}
		if n != sim.SessionCount() {
			b.Fatalf("got %d of %d sessions", n, sim.SessionCount())
		}
	}
}
