package kratos_test

import (
	"context"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/source"
	"sessionscope/backend/source/kratos"
	"sessionscope/backend/source/pace"
	kratossim "sessionscope/backend/source/sim/kratos"
)

// newProject starts a simulator on loopback and opens a connector client on it. With an API
// key in cfg the key is stored as the connection's secret (Ory Network); without, the client
// has only the URL (self-hosted). Simulator and client share cfg.Now (default time.Now).
func newProject(t *testing.T, cfg kratossim.Config, opts map[string]string) (*kratossim.Server, *kratos.Client, *secrets.Memory) {
	t.Helper()
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	sim := kratossim.New(cfg)
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	mem := secrets.NewMemory()
	sec := secrets.ForConnection(mem, 1)
	if cfg.APIKey != "" {
		if err := sec.Set(context.Background(), kratos.SecretAPIKey, cfg.APIKey); err != nil {
			t.Fatal(err)
		}
	}
	return sim, open(t, base, opts, sec, cfg.Now), mem
}

func open(t *testing.T, base string, opts map[string]string, sec source.Secrets, now func() time.Time) *kratos.Client {
	t.Helper()
	return openTimeout(t, base, opts, sec, now, 2*time.Second)
}

func openTimeout(t *testing.T, base string, opts map[string]string, sec source.Secrets, now func() time.Time, timeout time.Duration) *kratos.Client {
	t.Helper()
	conn := &kratos.Connector{Tuning: pace.Tuning{RetryBase: 2 * time.Millisecond, Attempts: 4, Now: now}}
	cl, err := conn.Open(context.Background(), source.Config{Name: "Kratos", URL: base, Options: opts, Secrets: sec,
		HTTPTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	return cl.(*kratos.Client)
}

func listAll(t *testing.T, cl source.Client) ([]string, []source.Page, error) {
	t.Helper()
	var ids []string
	var pages []source.Page
	err := cl.ListSessions(context.Background(), func(p source.Page) error {
		pages = append(pages, p)
		for _, s := range p.Sessions {
			ids = append(ids, s.ID)
		}
		return nil
	})
	return ids, pages, err
}
