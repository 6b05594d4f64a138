package kratossim

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDeterministic(t *testing.T) {
	a := newEnv(t, Config{Users: 120, Seed: 9})
	b := newEnv(t, Config{Users: 120, Seed: 9})
	c := newEnv(t, Config{Users: 120, Seed: 9, OrgName: "Globex Ltd"})
	const p = "/admin/sessions?page_size=1000&expand=identity&expand=devices"
	ra, rb, rc := a.get(p), b.get(p), c.get(p)
	// schema_url carries each server's own port; everything else must match byte for byte.
	strip := func(r reply, base string) []byte { return bytes.ReplaceAll(r.body, []byte(base), nil) }
	if !bytes.Equal(strip(ra, a.srv.URL), strip(rb, b.srv.URL)) {
		t.Fatal("the same Seed and OrgName must give the same data")
	}
	if bytes.Equal(strip(ra, a.srv.URL), strip(rc, c.srv.URL)) || !bytes.Contains(rc.body, []byte("@globex.example")) {
		t.Fatal("another OrgName must give other data (and its own e-mail domain)")
	}
}

func TestRecordedAddressesFollowKratosRules(t *testing.T) {
	e := newEnv(t, Config{Users: 1500, Seed: 4})
	all, _ := e.walk("/admin/sessions?page_size=1000&expand=devices")
	kinds := map[string]int{}
	for _, s := range all {
		for _, d := range s["devices"].([]any) {
			dev := d.(map[string]any)
			ip, loc := dev["ip_address"].(string), dev["location"].(string)
			kind := ""
			switch ap, apErr := netip.ParseAddrPort(ip); {
			case ip == "":
				kind = "empty"
			case apErr == nil && ap.Addr().IsLoopback() && ap.Addr().Is4():
				kind = "127.0.0.1:port"
			case apErr == nil && ap.Addr().IsLoopback():
				kind = "[::1]:port"
			case apErr == nil && ap.Addr().IsPrivate():
				kind = "private peer:port"
			default:
				a, err := netip.ParseAddr(ip)
				if err != nil || !a.IsGlobalUnicast() || a.IsPrivate() {
					t.Fatalf("unexpected ip_address %q", ip)
				}
				kind = "public v4"
				if a.Is6() {
					kind = "public v6"
				}
			}
			kinds[kind]++
			if loc != "" {
				kinds["location"]++
				if !strings.HasPrefix(kind, "public") {
					t.Fatalf("location %q on %q: Cloudflare locations come with public addresses", loc, ip)
				}
				if i := strings.LastIndex(loc, ", "); i < 1 || len(loc)-i-2 != 2 {
					t.Fatalf("location %q is not \"City, CC\"", loc)
				}
			}
			if dev["user_agent"] == nil {
				kinds["no user agent"]++
			}
		}
	}
	for _, k := range []string{"empty", "127.0.0.1:port", "[::1]:port", "private peer:port", "public v4", "public v6", "location", "no user agent"} {
		if kinds[k] == 0 {
			t.Errorf("no device with %s (%v)", k, kinds)
		}
	}
}

func TestDataShape(t *testing.T) {
	e := newEnv(t, Config{Users: 1000, Seed: 2})
	rows, active := e.sim.SessionCount(), len(e.sim.ActiveSessionIDs())
	if rows < 1200 || rows > 1900 || active < rows*65/100 || active > rows*90/100 {
		t.Fatalf("%d rows, %d active for 1000 identities", rows, active)
	}
	all, _ := e.walk("/admin/sessions?page_size=1000&expand=identity")
	schemas, aal, old, expired := map[string]int{}, map[string]int{}, 0, 0
	now := e.clock.Now()
	for _, s := range all {
		idn := s["identity"].(map[string]any)
		schemas[idn["schema_id"].(string)]++
		aal[s["authenticator_assurance_level"].(string)]++
		issued, _ := time.Parse(time.RFC3339Nano, s["issued_at"].(string))
		expires, _ := time.Parse(time.RFC3339Nano, s["expires_at"].(string))
		if s["active"] == true && now.Sub(issued) > 7*24*time.Hour {
			old++
		}
		if !expires.After(now) {
			expired++
			if s["active"] == true {
				t.Fatal("an expired session reports active=true")
			}
		}
	}
	if schemas["default"] == 0 || schemas["username"] == 0 || schemas["phone"] == 0 || aal["aal1"] == 0 || aal["aal2"] == 0 || old == 0 || expired == 0 {
		t.Fatalf("schemas %v, aal %v, week-old active %d, expired %d", schemas, aal, old, expired)
	}
}

func TestHoldsAHundredThousandSessions(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 100k sessions")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	s := New(Config{Users: 68000, Seed: 3})
	gen := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if n := s.SessionCount(); n < 100000 {
		t.Fatalf("only %d sessions", n)
	}
	if mb := (after.HeapAlloc - before.HeapAlloc) >> 20; mb > 120 {
		t.Fatalf("%d sessions take %d MB", s.SessionCount(), mb)
	}
	srv := newEnvFor(t, s)
	start = time.Now()
	r := srv.get("/admin/sessions?page_size=1000&expand=identity&expand=devices&page_token=" + defaultToken.encode())
	if r.status != 200 || time.Since(start) > 3*time.Second {
		t.Fatalf("a full page took %s (%d)", time.Since(start), r.status)
	}
	t.Logf("%d sessions generated in %s, %d MB; a 1000-session page in %s", s.SessionCount(), gen,
		(after.HeapAlloc-before.HeapAlloc)>>20, time.Since(start))
}

func newEnvFor(t *testing.T, s *Server) *env {
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &env{t: t, sim: s, srv: srv}
}

func TestStartServesConcurrentClients(t *testing.T) {
	s := New(Config{Users: 300, Seed: 5})
	base, err := s.Start("127.0.0.1:0")
	if err != nil || s.URL() != base || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("Start: %q %v", base, err)
	}
	defer s.Close()
	if _, err := s.Start("127.0.0.1:0"); err == nil {
		t.Fatal("a second Start must fail")
	}
	e := &env{t: t, sim: s, srv: &httptest.Server{URL: base}}
	ids := s.ActiveSessionIDs()
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < 80; i += 8 {
				if i%2 == 0 {
					e.do(http.MethodDelete, "/admin/sessions/"+ids[i], "")
				} else {
					e.get("/admin/sessions?page_size=50&expand=identity&expand=devices")
				}
			}
		}(w)
	}
	wg.Wait()
	if got := len(s.ActiveSessionIDs()); got != len(ids)-40 {
		t.Fatalf("after 40 concurrent disables: %d active, want %d", got, len(ids)-40)
	}
}
