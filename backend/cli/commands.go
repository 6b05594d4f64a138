package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"sessionscope/backend/jobs"
	"sessionscope/backend/session"
	"sessionscope/backend/signin"
	"sessionscope/backend/source/sim/simulators"
	"sessionscope/backend/workspace"
)

func runSim(ctx context.Context, args []string, env Env) error {
	var home string
	fs := newFlags("sim", env, &home)
	kind := fs.String("kind", "salesforce", "server kind to simulate: "+strings.Join(simulators.Kinds(), ", "))
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
	users := fs.Int("users", 200, "number of users")
	seed := fs.Int64("seed", 1, "data seed")
	org := fs.String("org", "Acme Corp", "org / realm / tenant name")
	rate := fs.Float64("rate-limit", 0, "API requests per second before the simulator answers 429 as its server does (0: no limit)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *rate < 0 {
		return fmt.Errorf("sim: --rate-limit must be 0 or more: %w", ErrUsage)
	}
	srv, err := simulators.New(*kind, simulators.Spec{Users: *users, Seed: *seed, Org: *org, RatePerSecond: *rate})
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
	fmt.Fprintf(env.Stdout, "revocation counts: %s/_sim/revocations\n", base)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}

func runConnections(ctx context.Context, home string, args []string, env Env) error {
	if len(args) == 0 {
		return fmt.Errorf("connections: add, list, test, signin or remove?: %w", ErrUsage)
	}
	switch args[0] {
	case "add":
		return connectionsAdd(ctx, home, args[1:], env)
	case "list":
		return connectionsList(ctx, home, args[1:], env)
	case "test":
		return onConnection(ctx, home, "test", args[1:], env, func(ws *workspace.Workspace, c session.Connection) error {
			return connectionsTest(ctx, ws, c, env)
		})
	case "signin":
		return onConnection(ctx, home, "signin", args[1:], env, func(ws *workspace.Workspace, c session.Connection) error {
			fmt.Fprintln(env.Stderr, "opening the browser to sign in to "+c.Name+"…")
			if err := ws.SignIn(ctx, c.ID, signin.SystemBrowser{}); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "signed in to %s; the refresh token is in the OS keyring\n", c.Name)
			return nil
		})
	case "remove":
		return onConnection(ctx, home, "remove", args[1:], env, func(ws *workspace.Workspace, c session.Connection) error {
			return ws.RemoveConnection(ctx, c.ID)
		})
	}
	return fmt.Errorf("connections: unknown action %q: %w", args[0], ErrUsage)
}

// onConnection runs `connections ACTION NAME`: it opens the workspace and finds the connection.
func onConnection(ctx context.Context, home, action string, args []string, env Env,
	fn func(*workspace.Workspace, session.Connection) error) error {
	return onConnectionCmd(ctx, home, "connections "+action, args, env, nil, fn)
}

// flagSet is what a command's extra flags are declared on.
type flagSet = *flag.FlagSet

// onConnectionCmd runs a command that takes flags and one connection name.
func onConnectionCmd(ctx context.Context, home, name string, args []string, env Env, flags func(flagSet),
	fn func(*workspace.Workspace, session.Connection) error) error {
	fs := newFlags(name, env, &home)
	if flags != nil {
		flags(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%s: give one connection name: %w", name, ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	c, err := ws.Store().ConnectionByName(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	return fn(ws, c)
}

// optionFlags collects repeated --option key=value flags.
type optionFlags map[string]string

func (o optionFlags) String() string { return "" }

func (o optionFlags) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("want key=value, got %q", v)
	}
	o[strings.TrimSpace(k)] = val
	return nil
}

func connectionsAdd(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("connections add", env, &home)
	kind := fs.String("kind", "", "connection kind (salesforce, keycloak, kratos, auth0)")
	name := fs.String("name", "", "connection name")
	url := fs.String("url", "", "server URL")
	clientID := fs.String("client-id", "", "OAuth client id (consumer key)")
	realm := fs.String("realm", "", "Keycloak realm")
	apiVersion := fs.String("api-version", "", "Salesforce API version")
	batchSize := fs.String("batch-size", "", "Salesforce records per query page, 200–2000")
	secretName := fs.String("secret", "", "which secret standard input holds (default: the kind's first required secret)")
	opts := optionFlags{}
	fs.Var(opts, "option", "connector option key=value (repeatable)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *kind == "" || *name == "" || *url == "" {
		return fmt.Errorf("connections add needs --kind, --name and --url: %w", ErrUsage)
	}
	for flagVal, key := range map[*string]string{clientID: "client_id", realm: "realm", apiVersion: "api_version", batchSize: "batch_size"} {
		if *flagVal != "" {
			opts[key] = *flagVal
		}
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	conn, err := ws.Registry().Get(*kind)
	if err != nil {
		return fmt.Errorf("%v: %w", err, ErrUsage)
	}
	// Standard input holds the secret named by --secret, else the kind's first required secret,
	// else its first secret (optional: a self-hosted Kratos has none).
	secretsIn := map[string]string{}
	target, required := *secretName, false
	for _, o := range conn.Describe().Options {
		if o.Secret && target == "" && o.Required {
			target, required = o.Name, true
		}
	}
	for _, o := range conn.Describe().Options {
		if o.Secret && target == "" {
			target = o.Name
		}
	}
	if *secretName != "" {
		required = true
	}
	if target != "" {
		v, err := readSecret(env, target+": ", required)
		if err != nil {
			return err
		}
		if v != "" {
			secretsIn[target] = v
		}
	}
	c, err := ws.AddConnection(ctx, workspace.NewConnection{Kind: *kind, Name: *name, URL: *url, Options: opts, Secrets: secretsIn})
	if err != nil {
		return err
	}
	if len(secretsIn) > 0 {
		fmt.Fprintf(env.Stdout, "added %s (%s); its %s is in the OS keyring\n", c.Name, c.Kind, target)
	} else {
		fmt.Fprintf(env.Stdout, "added %s (%s)\n", c.Name, c.Kind)
	}
	return nil
}

// readSecret reads one line from stdin, or prompts without echo when stdin is a terminal.
func readSecret(env Env, prompt string, required bool) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if !required {
			return "", nil
		}
		fmt.Fprint(env.Stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(string(b)), nil
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the secret from standard input: %w", err)
	}
	line = strings.TrimSpace(line)
	if line == "" && required {
		return "", errors.New("no secret on standard input (pipe it in, e.g. `pass show sf | sessionscope connections add …`)")
	}
	return line, nil
}

func connectionsList(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("connections list", env, &home)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	conns, err := ws.Connections(ctx)
	if err != nil {
		return err
	}
	type out struct {
		Name        string  `json:"name"`
		Kind        string  `json:"kind"`
		URL         string  `json:"url"`
		Status      string  `json:"status"`
		Message     string  `json:"message"`
		Sessions    int     `json:"sessions"`
		LastRefresh *string `json:"last_refresh"`
	}
	list := make([]out, 0, len(conns))
	for _, c := range conns {
		o := out{Name: c.Name, Kind: c.Kind, URL: c.URL, Status: c.Status, Message: c.Message}
		if c.Current != nil {
			o.Sessions, o.LastRefresh = c.Current.SessionCount, timePtr(c.Current.FinishedAt)
		}
		list = append(list, o)
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tSTATUS\tSESSIONS\tLAST REFRESH\tURL")
	for _, o := range list {
		last := "never"
		if o.LastRefresh != nil {
			last = *o.LastRefresh
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", o.Name, o.Kind, o.Status, o.Sessions, last, o.URL)
	}
	return tw.Flush()
}

func runRefresh(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("refresh", env, &home)
	all := fs.Bool("all", false, "refresh every connection")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*all && fs.NArg() == 0 {
		return fmt.Errorf("refresh: name connections or give --all: %w", ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	var ids []int64
	for _, name := range fs.Args() {
		c, err := ws.Store().ConnectionByName(ctx, name)
		if err != nil {
			return err
		}
		ids = append(ids, c.ID)
	}
	if *all {
		conns, err := ws.Connections(ctx)
		if err != nil {
			return err
		}
		if len(conns) == 0 {
			return errors.New("no connections configured (add one with `sessionscope connections add`)")
		}
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	th := jobs.NewThrottle(time.Second, func(p any) { printProgress(env.Stderr, p.(jobs.Progress)) })
	results, err := ws.Refresh(ctx, ids, func(p jobs.Progress) {
		th.Update(p.Connection, p, p.State != jobs.StateRunning)
	})
	th.Close()
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range results {
		if r.State != jobs.StateDone {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d connections did not refresh", failed, len(results))
	}
	return nil
}

func printProgress(w io.Writer, p jobs.Progress) {
	switch p.State {
	case jobs.StateRunning:
		if p.Total > 0 {
			fmt.Fprintf(w, "%s: %d/%d records\n", p.Connection, p.Fetched, p.Total)
		} else {
			fmt.Fprintf(w, "%s: %d records\n", p.Connection, p.Fetched)
		}
	case jobs.StateDone:
		fmt.Fprintf(w, "%s: done, %d active sessions\n", p.Connection, p.Fetched)
	default:
		fmt.Fprintf(w, "%s: %s: %v\n", p.Connection, p.State, p.Err)
	}
}

func runSignOut(ctx context.Context, home string, args []string, env Env) error {
	if isBulkSignOut(args) {
		return runBulkSignOut(ctx, home, args, env)
	}
	fs := newFlags("signout", env, &home)
	conn := fs.String("connection", "", "connection name")
	id := fs.String("session", "", "session id")
	user := fs.String("user", "", "user id: end every session of this user")
	reason := fs.String("reason", "", "why (goes to the audit trail; required with --user)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *conn == "" || (*id == "") == (*user == "") {
		return fmt.Errorf("signout needs --connection and one of --session or --user: %w", ErrUsage)
	}
	if *user != "" && strings.TrimSpace(*reason) == "" {
		return fmt.Errorf("signing out every session of a user needs --reason: %w", ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	c, err := ws.Store().ConnectionByName(ctx, *conn)
	if err != nil {
		return err
	}
	if *user != "" {
		res, entry, err := ws.SignOutUser(ctx, c.ID, *user, *reason)
		if err != nil {
			return err
		}
		switch res.Outcome {
		case "ended":
			fmt.Fprintf(env.Stdout, "ended the sessions of user %s on %s (audit entry %d)\n", *user, c.Name, entry.ID)
		case "already_gone":
			fmt.Fprintf(env.Stdout, "user %s had no sessions left on %s (audit entry %d)\n", *user, c.Name, entry.ID)
		default:
			return fmt.Errorf("could not end the sessions of %s on %s: %s (audit entry %d)", *user, c.Name, res.Message, entry.ID)
		}
		return nil
	}
	res, entry, err := ws.SignOut(ctx, c.ID, *id, *reason)
	if err != nil {
		return err
	}
	switch res.Outcome {
	case "ended":
		fmt.Fprintf(env.Stdout, "ended session %s on %s (audit entry %d)\n", *id, c.Name, entry.ID)
	case "already_gone":
		fmt.Fprintf(env.Stdout, "session %s on %s was already gone (audit entry %d)\n", *id, c.Name, entry.ID)
	default:
		return fmt.Errorf("could not end session %s on %s: %s (audit entry %d)", *id, c.Name, res.Message, entry.ID)
	}
	return nil
}

func timePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// runDemoInit adds the demo connections, so `refresh --all` can fill them headless. Their
// simulators run inside whichever sessionscope process uses them.
func runDemoInit(ctx context.Context, home string, env Env) error {
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := ws.OpenDemo(ctx); err != nil {
		return err
	}
	for _, d := range ws.DemoStatus() {
		fmt.Fprintf(env.Stdout, "%s: %d active sessions\n", d.Connection, d.Active)
	}
	fmt.Fprintln(env.Stdout, "demo workspace ready; `sessionscope refresh --all` fills it")
	return nil
}

func connectionsTest(ctx context.Context, ws *workspace.Workspace, c session.Connection, env Env) error {
	h, err := ws.TestConnection(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("%s: %w", c.Name, err)
	}
	if h.SignedInAs != "" {
		fmt.Fprintf(env.Stdout, "signed in as %s\n", h.SignedInAs)
	}
	missing := 0
	for _, p := range h.Permissions {
		mark := "ok"
		if !p.OK {
			mark, missing = "MISSING", missing+1
		}
		fmt.Fprintf(env.Stdout, "%-8s %s", mark, p.Name)
		if p.Hint != "" && !p.OK {
			fmt.Fprintf(env.Stdout, " — %s", p.Hint)
		}
		fmt.Fprintln(env.Stdout)
	}
	if h.Limits != "" {
		fmt.Fprintf(env.Stdout, "limits: %s\n", h.Limits)
	}
	if missing > 0 {
		return fmt.Errorf("%s: %d permission(s) missing", c.Name, missing)
	}
	fmt.Fprintf(env.Stdout, "%s: ok\n", c.Name)
	return nil
}
