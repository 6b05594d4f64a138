package keycloak_test

import (
	"context"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/source"
	"sessionscope/backend/source/keycloak"
	"sessionscope/backend/source/pace"
	kcsim "sessionscope/backend/source/sim/keycloak"
)

// env is a simulator on loopback and a connector client on it.
type env struct {
	t   *testing.T
	sim *kcsim.Server
	cl  *keycloak.Client
	sec source.Secrets
	cfg source.Config
}

// newEnv starts a simulator and opens a client with the demo connection's settings (client
// credentials), extra options merged in.
func newEnv(t *testing.T, cfg kcsim.Config, opts map[string]string) *env {
	t.Helper()
	sim := kcsim.New(cfg)
	if _, err := sim.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	demo := sim.DemoConnection()
	sec := secrets.ForConnection(secrets.NewMemory(), 1)
	for k, v := range demo.Secrets {
		if err := sec.Set(context.Background(), k, v); err != nil {
			t.Fatal(err)
		}
	}
	o := map[string]string{}
	for k, v := range demo.Options {
		o[k] = v
	}
	for k, v := range opts {
		o[k] = v
	}
	e := &env{t: t, sim: sim, sec: sec,
		cfg: source.Config{Name: "Acme SSO", URL: demo.URL, Options: o, Secrets: sec, HTTPTimeout: 2 * time.Second}}
	e.cl = e.open()
	return e
}

func (e *env) open() *keycloak.Client {
	e.t.Helper()
	conn := &keycloak.Connector{Tuning: pace.Tuning{RetryBase: 2 * time.Millisecond, Attempts: 4}}
	cl, err := conn.Open(context.Background(), e.cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { cl.Close() })
	return cl.(*keycloak.Client)
}

func ctx() context.Context { return context.Background() }

// list lists everything and returns the pages.
func list(t *testing.T, cl source.Client) ([]source.Page, error) {
	t.Helper()
	var pages []source.Page
	err := cl.ListSessions(ctx(), func(p source.Page) error {
		pages = append(pages, p)
		return nil
	})
	return pages, err
}
