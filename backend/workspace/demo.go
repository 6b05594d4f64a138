package workspace

import (
	"context"
	"errors"
	"fmt"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
)

// demoOrg is one simulated org of the demo workspace.
type demoOrg struct {
	name  string
	users int
	seed  int64
}

// DemoOrgs are the orgs the demo workspace simulates.
var demoOrgs = []demoOrg{
	{name: "Acme Corp", users: 1200, seed: 1},
	{name: "Globex Ltd", users: 500, seed: 2},
}

// DemoSuffix marks demo connections' names.
const DemoSuffix = " (demo)"

type demo struct {
	sims  []*sfsim.Server
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
// The simulators run in-process on loopback; the app reaches them through the real connector
// over HTTP, exactly as it reaches a real org.
func (w *Workspace) OpenDemo(ctx context.Context) error {
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
		sim := sfsim.New(sfsim.Config{Users: org.users, Seed: org.seed, OrgName: org.name})
		base, err := sim.Start("127.0.0.1:0")
		if err != nil {
			d.close()
			return fmt.Errorf("start the demo simulator for %s: %w", org.name, err)
		}
		name := org.name + DemoSuffix
		d.sims, d.names = append(d.sims, sim), append(d.names, name)
		c, err := w.st.ConnectionByName(ctx, name)
		if err != nil {
			c, err = w.st.AddConnection(ctx, session.Connection{Name: name, Kind: salesforce.Kind, URL: base,
				Options: map[string]string{salesforce.OptClientID: sim.Credentials().ClientID}, Demo: true})
			if err != nil {
				d.close()
				return fmt.Errorf("add demo connection %s: %w", name, err)
			}
		} else if !c.Demo {
			d.close()
			return errors.New("a connection named " + name + " exists and is not a demo connection")
		}
		if err := w.st.UpdateConnectionURL(ctx, c.ID, base); err != nil {
			d.close()
			return err
		}
		cred := sim.Credentials()
		sec := secrets.ForConnection(w.demoSec, c.ID)
		if err := sec.Set(ctx, salesforce.SecretRefresh, cred.RefreshToken); err != nil {
			d.close()
			return err
		}
		if c.Options[salesforce.OptClientID] != cred.ClientID {
			return fmt.Errorf("demo connection %s was made for a different simulator", name)
		}
		if old := w.clients[c.ID]; old != nil {
			old.Close()
			delete(w.clients, c.ID)
		}
	}
	w.demo = d
	return nil
}
