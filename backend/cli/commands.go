package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"sessionscope/backend/jobs"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
	"sessionscope/backend/workspace"
)

func runSim(ctx context.Context, args []string, env Env) error {
	var home string
	fs := newFlags("sim", env, &home)
	kind := fs.String("kind", "salesforce", "server kind to simulate")
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
	users := fs.Int("users", 200, "number of users")
	seed := fs.Int64("seed", 1, "data seed")
	org := fs.String("org", "Acme Corp", "org name")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *kind != salesforce.Kind {
		return fmt.Errorf("sim: kind %q is not simulated yet (salesforce is): %w", *kind, ErrUsage)
	}
	sim := sfsim.New(sfsim.Config{Users: *users, Seed: *seed, OrgName: *org})
	base, err := sim.Start(*addr)
	if err != nil {
		return fmt.Errorf("start simulator: %w", err)
	}
	defer sim.Close()
	cred := sim.Credentials()
	fmt.Fprintf(env.Stdout, "Salesforce simulator for %s listening on %s\n", *org, base)
	fmt.Fprintf(env.Stdout, "url=%s\nclient_id=%s\nclient_secret=%s\nrefresh_token=%s\nadmin=%s\n",
		base, cred.ClientID, cred.ClientSecret, cred.RefreshToken, sim.AdminUsername())
	fmt.Fprintf(env.Stdout, "active sessions: %d\n", len(sim.ActiveSessionIDs()))
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}

func runConnections(ctx context.Context, home string, args []string, env Env) error {
	if len(args) == 0 {
		return fmt.Errorf("connections: add, list or remove?: %w", ErrUsage)
	}
	switch args[0] {
	case "add":
		return connectionsAdd(ctx, home, args[1:], env)
	case "list":
		return connectionsList(ctx, home, args[1:], env)
	case "remove":
		fs := newFlags("connections remove", env, &home)
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return fmt.Errorf("connections remove: give one connection name: %w", ErrUsage)
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
		return ws.RemoveConnection(ctx, c.ID)
	}
	return fmt.Errorf("connections: unknown action %q: %w", args[0], ErrUsage)
}

func connectionsAdd(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("connections add", env, &home)
	kind := fs.String("kind", "", "connection kind (salesforce)")
	name := fs.String("name", "", "connection name")
	url := fs.String("url", "", "server URL (Salesforce: https://MyDomain.my.salesforce.com)")
	clientID := fs.String("client-id", "", "OAuth client id (consumer key)")
	apiVersion := fs.String("api-version", "", "Salesforce API version")
	batchSize := fs.String("batch-size", "", "records per query page, 200–2000 (the server may send fewer)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *kind == "" || *name == "" || *url == "" {
		return fmt.Errorf("connections add needs --kind, --name and --url: %w", ErrUsage)
	}
	opts := map[string]string{}
	if *clientID != "" {
		opts[salesforce.OptClientID] = *clientID
	}
	if *apiVersion != "" {
		opts[salesforce.OptAPIVersion] = *apiVersion
	}
	if *batchSize != "" {
		opts[salesforce.OptBatchSize] = *batchSize
	}
	token, err := readSecret(env, "Refresh token: ")
	if err != nil {
		return err
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	c, err := ws.AddConnection(ctx, workspace.NewConnection{Kind: *kind, Name: *name, URL: *url, Options: opts,
		Secrets: map[string]string{salesforce.SecretRefresh: token}})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "added %s (%s); its refresh token is in the OS keyring\n", c.Name, c.Kind)
	return nil
}

// readSecret reads one line from stdin, or prompts without echo when stdin is a terminal.
func readSecret(env Env, prompt string) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
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
	if line == "" {
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
	fs := newFlags("signout", env, &home)
	conn := fs.String("connection", "", "connection name")
	id := fs.String("session", "", "session id")
	reason := fs.String("reason", "", "why (goes to the audit trail)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *conn == "" || *id == "" {
		return fmt.Errorf("signout needs --connection and --session: %w", ErrUsage)
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
