package auth0_test

import (
	"context"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/source"
	"sessionscope/backend/source/auth0"
	"sessionscope/backend/source/pace"
	auth0sim "sessionscope/backend/source/sim/auth0"
)

// fastConnector retries and waits in milliseconds and pages users in small pages so that
// small simulated tenants still take several pages.
func fastConnector() *auth0.Connector {
	return &auth0.Connector{Tuning: pace.Tuning{RetryBase: 2 * time.Millisecond, Attempts: 4}, UsersPerPage: 20, MaxRateWait: 20 * time.Millisecond}
}

// newTenant starts a simulator on loopback and opens a client on it with conn.
func newTenant(t *testing.T, cfg auth0sim.Config, conn *auth0.Connector) (*auth0sim.Server, *auth0.Client, *secrets.Memory) {
	t.Helper()
	if cfg.RateLimit == 0 {
		cfg.RateLimit = 100000 // tests that are not about the rate limit should not meet it
	}
	sim := auth0sim.New(cfg)
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	mem := secrets.NewMemory()
	sec := secrets.ForConnection(mem, 1)
	dc := sim.DemoConnection()
	for k, v := range dc.Secrets {
		if err := sec.Set(context.Background(), k, v); err != nil {
			t.Fatal(err)
		}
	}
	if conn == nil {
		conn = fastConnector()
	}
	cl, err := conn.Open(context.Background(), source.Config{Name: "Acme", URL: base, Options: dc.Options,
		Secrets: sec, HTTPTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	return sim, cl.(*auth0.Client), mem
}

func listAll(t *testing.T, cl source.Client) ([]source.Page, []string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var pages []source.Page
	var ids []string
	err := cl.ListSessions(ctx, func(p source.Page) error {
		pages = append(pages, p)
		for _, s := range p.Sessions {
			ids = append(ids, s.ID)
		}
		return nil
	})
	return pages, ids, err
}

// reopenWithTimeout opens a second client on sim whose requests give up after 100 ms, for
// timeout faults.
func reopenWithTimeout(t *testing.T, sim *auth0sim.Server) *auth0.Client {
	t.Helper()
	sec := secrets.ForConnection(secrets.NewMemory(), 1)
	dc := sim.DemoConnection()
	sec.Set(context.Background(), auth0.SecretClient, dc.Secrets[auth0.SecretClient])
	cl, err := fastConnector().Open(context.Background(), source.Config{URL: dc.URL, Options: dc.Options,
		Secrets: sec, HTTPTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	return cl.(*auth0.Client)
}
