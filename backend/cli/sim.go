package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"sessionscope/backend/source/sim/simulators"
)

// runSim serves one simulated session server on loopback until interrupted: the only command
// that starts a simulator itself (so the only file of this package that imports them).
func runSim(ctx context.Context, args []string, env Env) error {
	var home string
	fs := newFlags("sim", env, &home)
	kind := fs.String("kind", "salesforce", "server kind to simulate: "+strings.Join(simulators.Kinds(), ", "))
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
	users := fs.Int("users", 200, "number of users")
	seed := fs.Int64("seed", 1, "data seed")
	org := fs.String("org", "Acme Corp", "org / realm / tenant name")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	srv, err := simulators.New(*kind, simulators.Spec{Users: *users, Seed: *seed, Org: *org})
	if err != nil {
		return fmt.Errorf("sim: %v: %w", err, ErrUsage)
	}
	base, err := srv.Start(*addr)
	if err != nil {
		return fmt.Errorf("start simulator: %w", err)
	}
	defer srv.Close()
	dc := srv.DemoConnection()
	fmt.Fprintf(env.Stdout, "%s simulator for %s listening on %s\n", *kind, *org, base)
	fmt.Fprintf(env.Stdout, "url=%s\n", base)
	for _, m := range []map[string]string{dc.Options, dc.Secrets} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(env.Stdout, "%s=%s\n", k, m[k])
		}
	}
	fmt.Fprintf(env.Stdout, "active sessions: %d\n", len(srv.ActiveSessionIDs()))
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}
