package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	sfsim "sessionscope/backend/source/sim/salesforce"
)

type harness struct {
	t    *testing.T
	home string
	sec  secrets.Store
}

func (h harness) run(stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"--home", h.home}, args...),
		Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Secrets: h.sec})
	return out.String(), errb.String(), code
}

func (h harness) must(stdin string, args ...string) string {
	h.t.Helper()
	out, errs, code := h.run(stdin, args...)
	if code != 0 {
		h.t.Fatalf("sessionscope %v: exit %d: %s", args, code, errs)
	}
	return out
}

func secretStore(t *testing.T) secrets.Store {
	if os.Getenv("SESSIONSCOPE_KEYRING_TESTS") == "1" {
		return &secrets.Keyring{Service: fmt.Sprintf("sessionscope-test-%d", time.Now().UnixNano()), Timeout: 10 * time.Second}
	}
	return secrets.NewMemory()
}

// The headless acceptance path: a simulator, a connection to it, refresh, list, sign out.
func TestHeadlessAddRefreshListSignOut(t *testing.T) {
	sim := sfsim.New(sfsim.Config{Users: 150, Seed: 11})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	h := harness{t: t, home: filepath.Join(t.TempDir(), "home"), sec: secretStore(t)}
	cred := sim.Credentials()

	// Without a refresh token the connection is added but needs a (browser) sign-in first.
	h.must("", "connections", "add", "--kind", "salesforce", "--name", "Unsigned", "--url", base, "--client-id", cred.ClientID)
	if _, errs, code := h.run("", "refresh", "Unsigned"); code == 0 || !strings.Contains(errs, "sign in") {
		t.Fatalf("refreshing a connection without credentials must ask for a sign-in: %d %s", code, errs)
	}
	if list := h.must("", "connections", "list"); !strings.Contains(list, "needs_signin") {
		t.Fatalf("the unsigned connection must show needs_signin: %s", list)
	}
	h.must("", "connections", "remove", "Unsigned")
	h.must(cred.RefreshToken+"\n", "connections", "add", "--kind", "salesforce", "--name", "Acme", "--url", base,
		"--client-id", cred.ClientID)
	if list := h.must("", "connections", "list"); !strings.Contains(list, "Acme") || !strings.Contains(list, "never") {
		t.Fatalf("connections list = %s", list)
	}
	h.must("", "refresh", "--all")

	var got []map[string]any
	if err := json.Unmarshal([]byte(h.must("", "sessions", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(got))
	for i, s := range got {
		ids[i] = s["id"].(string)
		for _, k := range []string{"connection", "id", "user_id", "username", "user_type", "session_type", "login_type",
			"security_level", "created_at", "last_active_at", "expires_at", "source_ip", "country_code", "city",
			"latitude", "longitude", "user_agent", "is_current"} {
			if _, ok := s[k]; !ok {
				t.Fatalf("sessions --json lacks %q", k)
			}
		}
		if _, err := time.Parse(time.RFC3339, s["created_at"].(string)); err != nil {
			t.Fatalf("created_at is not RFC 3339: %v", s["created_at"])
		}
	}
	// The review filters reach the store from the command line: one country's sessions are
	// exactly the JSON rows of that country.
	cc := got[0]["country_code"].(string)
	wantCC := 0
	for _, s := range got {
		if s["country_code"] == cc {
			wantCC++
		}
	}
	var inCC []map[string]any
	if err := json.Unmarshal([]byte(h.must("", "sessions", "--json", "--country", strings.ToLower(cc))), &inCC); err != nil {
		t.Fatal(err)
	}
	if cc == "" || len(inCC) != wantCC {
		t.Fatalf("--country %q printed %d sessions, want %d", cc, len(inCC), wantCC)
	}
	if _, errs, code := h.run("", "sessions", "--country", "USA"); code == 0 || !strings.Contains(errs, "two-letter country code") {
		t.Fatalf("--country USA: exit %d %q", code, errs)
	}
	slices.Sort(ids)
	if want := sim.ActiveSessionIDs(); !slices.Equal(ids, want) {
		t.Fatalf("sessions --json printed %d sessions, the simulator has %d active", len(ids), len(want))
	}

	var victim string
	for _, s := range got {
		if s["is_current"] == false {
			victim = s["id"].(string)
			break
		}
	}
	out := h.must("", "signout", "--connection", "Acme", "--session", victim, "--reason", "offboarding")
	if !strings.Contains(out, "ended") {
		t.Fatalf("signout said %q", out)
	}
	if a := h.must("", "audit"); !strings.Contains(a, "offboarding") || !strings.Contains(a, "ended") || !strings.Contains(a, "requested") {
		t.Fatalf("audit = %s", a)
	}
	if v := h.must("", "audit", "--verify"); !strings.Contains(v, "intact") {
		t.Fatalf("audit --verify = %s", v)
	}
	h.must("", "refresh", "Acme")
	after := h.must("", "sessions", "--json", "--connection", "Acme")
	if snaps := h.must("", "snapshots", "Acme"); strings.Count(snaps, "complete") != 2 {
		t.Fatalf("snapshots = %s", snaps)
	}
	var diff map[string]any
	if err := json.Unmarshal([]byte(h.must("", "diff", "--json", "Acme")), &diff); err != nil {
		t.Fatal(err)
	}
	if diff["ended_sessions"].(float64) < 1 { // at least the one signed out (children may follow it)
		t.Fatalf("diff after a sign-out = %v", diff)
	}
	if strings.Contains(after, victim) {
		t.Fatal("the next refresh still lists the signed-out session")
	}
	csvOut := h.must("", "sessions", "--csv", "--user", got[0]["username"].(string))
	if !strings.HasPrefix(csvOut, "connection,id,") || strings.Count(csvOut, "\n") < 2 {
		t.Fatalf("csv = %s", csvOut)
	}

	// The refresh token never leaves the keyring: not in the database, its WAL, or anything else.
	filepath.Walk(h.home, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte(cred.RefreshToken)) || bytes.Contains(b, []byte(cred.ClientSecret)) {
			t.Errorf("%s contains a secret", p)
		}
		return nil
	})
	h.must("", "connections", "remove", "Acme")
}

func TestUsageErrors(t *testing.T) {
	h := harness{t: t, home: t.TempDir(), sec: secrets.NewMemory()}
	for _, args := range [][]string{{"frobnicate"}, {"refresh"}, {"signout", "--connection", "x"}, {"sessions", "--json", "--csv"}} {
		if _, errs, code := h.run("", args...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a message", args, code, errs)
		}
	}
	if _, errs, code := h.run("", "signout", "--connection", "nope", "--session", "x"); code != 1 || !strings.Contains(errs, "not found") {
		t.Errorf("unknown connection: exit %d %q", code, errs)
	}
	if g, ok := Parse([]string{"--home", "/x", "demo"}); !ok || !g.Demo || g.Home != "/x" {
		t.Errorf("Parse demo = %+v %v", g, ok)
	}
	if g, ok := Parse([]string{"demo", "--view", "map"}); !ok || !g.Demo || g.View != "map" {
		t.Errorf("Parse demo --view map = %+v %v", g, ok)
	}
	if g, ok := Parse([]string{"--view=users"}); !ok || g.Demo || g.View != "users" {
		t.Errorf("Parse --view=users = %+v %v", g, ok)
	}
	if _, ok := Parse([]string{"demo", "--view", "globe"}); ok {
		t.Error("an unknown view opened the window")
	}
	if _, errs, code := h.run("", "demo", "--view", "globe"); code != 2 || errs == "" {
		t.Errorf("demo --view globe: exit %d %q; want a usage error", code, errs)
	}
	if _, ok := Parse([]string{"demo", "init"}); ok {
		t.Error("demo init is a command, not the window")
	}
}
