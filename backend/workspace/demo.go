package workspace

import (
	"context"
	"errors"
	"fmt"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source/sim"
	"sessionscope/backend/source/sim/simulators"
)

// demoOrg is one simulated server of the demo workspace.
type demoOrg struct {
	name string
	kind string
	spec simulators.Spec
}

// demoOrgs are what the demo workspace simulates: the app reaches each through its real
// connector over HTTP on loopback, exactly as it reaches a real server.
var demoOrgs = []demoOrg{
	{name: "Acme Corp", kind: "salesforce", spec: simulators.Spec{Users: 1200, Seed: 1, Org: "Acme Corp"}},
	{name: "Globex Ltd", kind: "salesforce", spec: simulators.Spec{Users: 500, Seed: 2, Org: "Globex Ltd"}},
	{name: "Corp SSO", kind: "keycloak", spec: simulators.Spec{Users: 400, Seed: 5, Org: "Corp"}},
	{name: "Shop identities", kind: "kratos", spec: simulators.Spec{Users: 400, Seed: 3, Org: "Shop"}},
	{name: "Umbrella tenant", kind: "auth0", spec: simulators.Spec{Users: 250, Seed: 4, Org: "Umbrella"}},
}

// DemoSuffix marks demo connections' names.
const DemoSuffix = " (demo)"

type demo struct {
	sims  []sim.Server
	names []string
}

// DemoOrgStatus is one demo org and what its simulator holds right now.
type DemoOrgStatus struct {
	Connection string
	URL        string
	Active     int
}

// DemoStatus lists the running demo simulators (empty when the demo is not open).
func (w *Workspace) DemoStatus() []DemoOrgStatus {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.demo == nil {
		return nil
	}
	out := make([]DemoOrgStatus, len(w.demo.sims))
	for i, s := range w.demo.sims {
		out[i] = DemoOrgStatus{Connection: w.demo.names[i], URL: s.URL(), Active: len(s.ActiveSessionIDs())}
	}
	return out
}

func (d *demo) close() {
	for _, s := range d.sims {
		s.Close()
	}
}

// OpenDemo starts the demo simulators and adds the demo connections if they are missing.
func (w *Workspace) OpenDemo(ctx context.Context) error {
	if err := w.refuseWrite("opening the demo"); err != nil {
		return err
	}
	return w.ensureDemo(ctx)
}

// HasDemo reports whether the demo connections exist.
func (w *Workspace) HasDemo(ctx context.Context) (bool, error) {
	conns, err := w.st.Connections(ctx)
	if err != nil {
		return false, err
	}
	for _, c := range conns {
		if c.Demo {
			return true, nil
		}
	}
	return false, nil
}

func (w *Workspace) ensureDemo(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.demo != nil {
		return nil
	}
	d := &demo{}
	for _, org := range demoOrgs {
		if err := w.startDemoOrg(ctx, d, org); err != nil {
			d.close()
			return err
		}
	}
	w.demo = d
	return nil
}

func (w *Workspace) startDemoOrg(ctx context.Context, d *demo, org demoOrg) error {
	srv, err := simulators.New(org.kind, org.spec)
	if err != nil {
		return err
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("start the demo simulator for %s: %w", org.name, err)
	}
	name := org.name + DemoSuffix
	d.sims, d.names = append(d.sims, srv), append(d.names, name)
	dc := srv.DemoConnection()
	c, err := w.st.ConnectionByName(ctx, name)
	switch {
	case err != nil:
		c, err = w.st.AddConnection(ctx, session.Connection{Name: name, Kind: org.kind, URL: base, Options: dc.Options, Demo: true})
		if err != nil {
			return fmt.Errorf("add demo connection %s: %w", name, err)
		}
	case !c.Demo:
		return errors.New("a connection named " + name + " exists and is not a demo connection")
	default:
		// The simulators move to new ports (and may mint new credentials) on every start.
		if err := w.st.UpdateConnection(ctx, c.ID, c.Name, base, dc.Options); err != nil {
			return err
		}
	}
	sec := secrets.ForConnection(w.secretsOf(c), c.ID)
	for k, v := range dc.Secrets {
		if err := sec.Set(ctx, k, v); err != nil {
			return err
		}
	}
	if old := w.clients[c.ID]; old != nil {
		old.Close()
		delete(w.clients, c.ID)
	}
	return nil
}

// demoActivityShare is how many new logins a demo org sees between two refreshes, per
// thousand sessions (so a refresh of the demo has something to compare).
const demoActivityShare = 15

// demoActivity lets time pass on a demo org's simulator before a refresh that follows an earlier
// one: new logins appear, as they would on a real server between two reviews. Simulators that
// cannot do this (all but Salesforce, for now) stay as they are.
func (w *Workspace) demoActivity(c session.Connection) {
	if !c.Demo || c.Current == nil {
		return
	}
	w.mu.Lock()
	d := w.demo
	w.mu.Unlock()
	if d == nil {
		return
	}
	for i, name := range d.names {
		if name != c.Name {
			continue
		}
		if a, ok := d.sims[i].(interface{ SimulateLogins(int) int }); ok {
			n := max(3, len(d.sims[i].ActiveSessionIDs())*demoActivityShare/1000)
			a.SimulateLogins(n)
		}
	}
}
