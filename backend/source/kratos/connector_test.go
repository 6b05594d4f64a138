package kratos_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/source"
	"sessionscope/backend/source/kratos"
	kratossim "sessionscope/backend/source/sim/kratos"
)

func TestDescribe(t *testing.T) {
	d := (&kratos.Connector{}).Describe()
	if d.Kind != "kratos" || d.SessionIDIsSecret || d.URLHelp == "" {
		t.Fatalf("descriptor: %+v", d)
	}
	for _, o := range d.Options {
		if o.Required {
			t.Fatalf("option %s is required: a self-hosted Kratos needs only the URL", o.Name)
		}
		if o.Name == kratos.SecretAPIKey && !o.Secret {
			t.Fatal("the API key must be a secret")
		}
	}
}

func TestValidate(t *testing.T) {
	c := &kratos.Connector{}
	for _, tc := range []struct {
		url, size string
		ok        bool
	}{
		{"http://127.0.0.1:4434", "", true},
		{"http://127.0.0.1:4434/admin/", "", true},
		{"https://gateway.example.com/kratos-admin", "250", true},
		{"https://nifty-hopper-1.projects.oryapis.com", "1000", true},
		{"http://nifty-hopper-1.projects.oryapis.com", "", false},
		{"127.0.0.1:4434", "", false},
		{"https://user:pw@kratos.example.com", "", false},
		{"https://kratos.example.com?x=1", "", false},
		{"http://127.0.0.1:4434", "5000", false},
		{"http://127.0.0.1:4434", "0", false},
		{"http://127.0.0.1:4434", "many", false},
	} {
		err := c.Validate(source.Config{URL: tc.url, Options: map[string]string{kratos.OptPageSize: tc.size}})
		if (err == nil) != tc.ok {
			t.Errorf("Validate(%q, %q) = %v, want ok=%v", tc.url, tc.size, err, tc.ok)
		}
	}
}

func TestAdminPathUnderAProxyPrefix(t *testing.T) {
	sim := kratossim.New(kratossim.Config{Users: 10})
	srv := httptest.NewServer(http.StripPrefix("/kratos-admin", sim.Handler()))
	defer srv.Close()
	for _, base := range []string{srv.URL + "/kratos-admin", srv.URL + "/kratos-admin/admin/"} {
		ids, _, err := listAll(t, open(t, base, nil, nil, time.Now))
		if err != nil || len(ids) != len(sim.ActiveSessionIDs()) {
			t.Fatalf("%s: %d sessions, %v", base, len(ids), err)
		}
	}
}

func TestAPIKeyMode(t *testing.T) {
	const key = "ory_pat_first0123456789"
	sim, cl, mem := newProject(t, kratossim.Config{Users: 20, Seed: 2, APIKey: key}, nil)
	if _, _, err := listAll(t, cl); err != nil {
		t.Fatalf("with the right key: %v", err)
	}
	// Without a key the Ory Network admin API refuses: an auth error that says what to do.
	noKey := open(t, sim.URL(), nil, nil, time.Now)
	_, _, err := listAll(t, noKey)
	if source.CodeOf(err) != source.CodeAuth || !strings.Contains(err.Error(), "API key") {
		t.Fatalf("no key: want an auth error naming the API key, got %v", err)
	}
	// The key is rotated in the console and the new one stored: the client picks it up on
	// the 401 without being reopened.
	fresh := sim.RotateAPIKey()
	if err := secrets.ForConnection(mem, 1).Set(context.Background(), kratos.SecretAPIKey, fresh); err != nil {
		t.Fatal(err)
	}
	if _, _, err := listAll(t, cl); err != nil {
		t.Fatalf("after the key was replaced in the keyring: %v", err)
	}
	// Revoked with nothing new stored: the connection needs a new key.
	sim.RotateAPIKey()
	_, _, err = listAll(t, cl)
	if source.CodeOf(err) != source.CodeAuth {
		t.Fatalf("a revoked key must be an auth error, got %v", err)
	}
	for _, k := range []string{key, fresh} {
		if strings.Contains(err.Error(), k) {
			t.Fatal("an error message contains the API key")
		}
	}
}

func TestForbiddenIsAPermissionError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"error":{"code":403,"status":"Forbidden","message":"The requested action was forbidden","reason":"Key lacks admin scope."}}`))
	}))
	defer srv.Close()
	_, _, err := listAll(t, open(t, srv.URL, nil, nil, time.Now))
	if source.CodeOf(err) != source.CodePermission || !strings.Contains(err.Error(), "Key lacks admin scope") {
		t.Fatalf("want a permission error carrying Kratos's reason, got %v", err)
	}
}

func TestMapsWhatTheServerRecorded(t *testing.T) {
	_, cl, _ := newProject(t, kratossim.Config{Users: 400, Seed: 9}, nil)
	seen := map[string]int{}
	err := cl.ListSessions(context.Background(), func(p source.Page) error {
		for _, s := range p.Sessions {
			switch {
			case s.SourceIP == "":
				seen["no address"]++
			case s.SourceIP == "127.0.0.1" || s.SourceIP == "::1":
				seen["loopback peer, port stripped"]++
			case strings.Contains(s.SourceIP, ":"):
				seen["IPv6"]++
			default:
				seen["IPv4"]++
			}
			if strings.Contains(s.SourceIP, "]") || strings.HasSuffix(s.SourceIP, ":") {
				t.Fatalf("unclean address %q", s.SourceIP)
			}
			if s.Geo.City != "" && s.Geo.CountryCode != "" && s.Geo.Source == "server" {
				seen["Cloudflare location"]++
			}
			if s.SecurityLevel == "aal2" {
				seen["aal2"]++
			}
			if s.Username != "" && !strings.Contains(s.Username, "@") {
				seen["login name not an e-mail"]++
			}
			if s.Device.Browser != "" {
				seen["browser"]++
			}
			if s.Device.Application != "" {
				seen["native app"]++
			}
			if !s.LastActiveAt.IsZero() {
				t.Fatal("Kratos has no last-activity field")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"no address", "loopback peer, port stripped", "IPv6", "IPv4", "Cloudflare location", "aal2",
		"login name not an e-mail", "browser", "native app"} {
		if seen[k] == 0 {
			t.Errorf("no listed session shows %q (%v)", k, seen)
		}
	}
}

func TestHealthCheck(t *testing.T) {
	_, cl, _ := newProject(t, kratossim.Config{Users: 10}, nil)
	h, err := cl.Check(context.Background())
	if err != nil || !strings.Contains(h.SignedInAs, "v26.2.0") || !strings.Contains(h.SignedInAs, "no API key") {
		t.Fatalf("self-hosted check: %+v %v", h, err)
	}
	for _, p := range h.Permissions {
		if !p.OK {
			t.Fatalf("v26.2 self-hosted: %s not OK: %s", p.Name, p.Hint)
		}
	}
	sim, old, _ := newProject(t, kratossim.Config{Users: 10, Version: "v1.3.1", APIKey: "ory_pat_k"}, nil)
	h, err = old.Check(context.Background())
	// Without the bulk endpoint sign-out goes one session at a time: that is how the server
	// works, not a missing permission (issue 14).
	if err != nil || len(h.Permissions) != 3 || !h.Permissions[0].OK || !h.Permissions[1].OK || !h.Permissions[2].OK ||
		!strings.Contains(h.Permissions[2].Name, "DELETE /admin/sessions/{id} each") || !strings.Contains(h.SignedInAs, "API key") {
		t.Fatalf("v1.3.1 check: %+v %v", h, err)
	}
	sim.RotateAPIKey()
	if _, err := old.Check(context.Background()); source.CodeOf(err) != source.CodeAuth {
		t.Fatalf("a refused key fails the check as an auth error, got %v", err)
	}
}
