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
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

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
			if err := ws.SignIn(ctx, c.ID, workspace.SystemBrowser()); err != nil {
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
	c, err := ws.ConnectionByName(ctx, fs.Arg(0))
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
	desc, err := ws.Kind(*kind)
	if err != nil {
		return fmt.Errorf("%v: %w", err, ErrUsage)
	}
	// Standard input holds the secret named by --secret, else the kind's first required secret,
	// else its first secret (optional: a self-hosted Kratos has none).
	secretsIn := map[string]string{}
	target, required := *secretName, false
	for _, o := range desc.Options {
		if o.Secret && target == "" && o.Required {
			target, required = o.Name, true
		}
	}
	for _, o := range desc.Options {
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
