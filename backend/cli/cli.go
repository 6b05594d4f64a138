// Package cli is the command-line mode of the sessionscope binary: run a simulator, manage
// connections, refresh, list and sign out sessions — headless, for scripts and scheduled use.
// Errors go to stderr with a non-zero exit status. Secrets are read from standard input (or a
// no-echo prompt), never from the command line.
//
// Imported only by main. Every command is a use case of backend/workspace (the same the window
// calls); besides it this package imports only backend/session, and the `sim` command
// (sim.go) the simulators under backend/source/sim.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"sessionscope/backend/workspace"
)

// Env is what a command runs with.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Secrets overrides the OS keyring (tests); nil = the OS keyring under KeyringService.
	Secrets        workspace.Secrets
	KeyringService string
	// Bundle is a bundle file the command reads instead of the data folder (--bundle FILE):
	// opened read-only, with no keyring and no network (bundle.go).
	Bundle string
}

// GUIRequest tells main to open the window instead of running a command.
type GUIRequest struct {
	Home   string
	Demo   bool
	View   string // the view the window opens on: sessions (default), users or map
	Bundle string // a bundle to show read-only instead of the data folder (OpenBundleForWindow)
}

// Views the window can open on (--view).
var Views = []string{"sessions", "users", "map"}

// ErrUsage marks a usage error (exit status 2).
var ErrUsage = errors.New("usage")

const usage = `sessionscope — see and end user sessions across identity systems

Usage:
  sessionscope [--home DIR] [--view V]      open the window (V: sessions, users or map)
  sessionscope --bundle FILE [--view V]     open the window on a bundle, read-only
  sessionscope --version                    the version of this build
  sessionscope demo [--home DIR] [--view V] open the window on the demo workspace
  sessionscope demo init [--home DIR]       add the demo connections without opening the window
  sessionscope sim --kind KIND --addr 127.0.0.1:PORT [--users N] [--seed S] [--org NAME]
  sessionscope connections add --kind KIND --name NAME --url URL [--client-id ID] [--realm R] [--option k=v]…
                                            (the secret — refresh token, client secret, API key — on stdin)
  sessionscope connections list [--json]
  sessionscope connections test NAME
  sessionscope connections signin NAME      sign in in the browser (Salesforce, Keycloak)
  sessionscope connections remove NAME
  sessionscope refresh [--all | NAME…]
  sessionscope sessions [--connection NAME] [--user TEXT] [--ip PREFIX] [--json | --csv]
                        [--flagged] [--rule RULE] [--severity high|medium|low]
  sessionscope users [--connection NAME] [--user TEXT] [--sort S] [--limit N] [--json]   one row per user
  sessionscope signout --connection NAME --session ID [--reason TEXT]
  sessionscope signout [--connection NAME… | --all-orgs] [--user USER] [--all-except-current] [FILTERS]
                     [--contain | --contain-only] [--reason TEXT] [--dry-run] [--confirm N] [--json]
                                            bulk sign-out as a job (sessionscope signout --help)
  sessionscope signout --resume JOB | --retry-failed JOB
  sessionscope jobs [--json] [--limit N] [JOB]   sign-out jobs, past and running; one job's failures
  sessionscope snapshots NAME                the refreshes of a connection
  sessionscope diff [--from ID --to ID] [--json] NAME   what changed (default: the last two refreshes)
  sessionscope audit [--limit N] [--verify]   the audit trail, newest first; --verify checks its hash chain
  sessionscope flags [--connection NAME] [--compute] [--json]   flag counts per org and rule
  sessionscope policy show NAME [--json]     a connection's policy: each setting and where it comes from
  sessionscope policy set NAME FIELD=VALUE…  change settings (FIELD= returns one to its default) and judge again
  sessionscope policy preview NAME FIELD=VALUE…   how many sessions a change would flag, saving nothing
  sessionscope review start [--title T] [--connection NAME]…   pin the current snapshots and their flagged sessions
  sessionscope review list [--json] | review show N [--pending] [--json]
  sessionscope review mark N --item I [--rule RULE] --decision expected|signed-out|follow-up [--note TEXT]
  sessionscope review close N --reviewer NAME   sign the review off; it is read-only afterwards
  sessionscope export [--connection NAME… | --review N] [--note TEXT] -o FILE
                                            a signed bundle of the orgs' kept snapshots, or of a review
  sessionscope open [--json] FILE           check a bundle and show what it holds and who signed it
  sessionscope verify [--trusted] [--json] FILE   exit 0 when intact; 6 changed, 7 not a bundle, 8 untrusted signer
  sessionscope annotate --note TEXT… [--about WHAT] -o NEW FILE   a reviewer's notes on a bundle, as a new
                                            bundle that keeps the received one intact inside it
  sessionscope trust [--name WHO FINGERPRINT]     list, or add to, the signers whose bundles are trusted
  sessionscope report --review N -o FILE.html   the review's report (works on a --bundle too)
  sessionscope import --kind salesforce-csv --name NAME [--as-of TIME] FILE
                                            a Salesforce AuthSession / LoginHistory CSV export as an offline org
  sessionscope sessions --csv [-o FILE] [--excel] [--separator ';'] [FILTERS]   any filtered view as CSV
  sessionscope --bundle FILE COMMAND …      run a read command (sessions, users, snapshots, diff, audit,
                                            flags, review list/show) on a bundle: read-only, no credentials

The data folder is --home DIR, else $SESSIONSCOPE_HOME, else the per-user config folder.
`

// Parse decides between the window and a command. It returns a GUIRequest for the window.
func Parse(args []string) (*GUIRequest, bool) {
	home, rest := splitHome(args)
	view, keep := takeFlag(rest, "view")
	if view != "" && !slices.Contains(Views, view) {
		return nil, false // not a window request: the command line explains the usage
	}
	bundle, keep := takeFlag(keep, "bundle")
	if len(keep) == 0 {
		return &GUIRequest{Home: home, View: view, Bundle: bundle}, true
	}
	if keep[0] == "demo" && len(keep) == 1 {
		return &GUIRequest{Home: home, Demo: true, View: view}, true
	}
	return nil, false
}

// splitHome pulls a leading --home DIR / --home=DIR out of args.
func splitHome(args []string) (string, []string) { return takeFlag(args, "home") }

// takeFlag pulls --name V, -name V and --name=V out of args (the last one wins).
func takeFlag(args []string, name string) (string, []string) {
	value := ""
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case (a == "--"+name || a == "-"+name) && i+1 < len(args):
			value = args[i+1]
			i++
		case strings.HasPrefix(a, "--"+name+"="):
			value = strings.TrimPrefix(a, "--"+name+"=")
		default:
			rest = append(rest, a)
		}
	}
	return value, rest
}

// Run runs a command and returns the process exit status.
func Run(ctx context.Context, args []string, env Env) int {
	err := run(ctx, args, env)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, ErrUsage):
		fmt.Fprintln(env.Stderr, "sessionscope:", strings.TrimSuffix(err.Error(), ": usage"))
		fmt.Fprint(env.Stderr, usage)
		return 2
	default:
		fmt.Fprintln(env.Stderr, "sessionscope:", err)
		if code, ok := ExitCode(err); ok { // bulk sign-out's done / partly failed / refused
			return code
		}
		return 1
	}
}

func run(ctx context.Context, args []string, env Env) error {
	home, rest := splitHome(args)
	if b, r := takeFlag(rest, "bundle"); b != "" {
		env.Bundle, rest = b, r
	}
	if len(rest) == 0 {
		return fmt.Errorf("no command given: %w", ErrUsage)
	}
	cmd, rest := rest[0], rest[1:]
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return nil
	case "version", "--version":
		fmt.Fprintln(env.Stdout, "sessionscope", workspace.Version)
		return nil
	case "sim":
		return runSim(ctx, rest, env)
	case "connections":
		return runConnections(ctx, home, rest, env)
	case "refresh":
		return runRefresh(ctx, home, rest, env)
	case "sessions":
		return runSessions(ctx, home, rest, env)
	case "users":
		return runUsers(ctx, home, rest, env)
	case "signout":
		return runSignOut(ctx, home, rest, env)
	case "audit":
		return runAudit(ctx, home, rest, env)
	case "jobs":
		return runJobs(ctx, home, rest, env)
	case "snapshots":
		return runSnapshots(ctx, home, rest, env)
	case "diff":
		return runDiff(ctx, home, rest, env)
	case "flags":
		return runFlags(ctx, home, rest, env)
	case "policy":
		return runPolicy(ctx, home, rest, env)
	case "review":
		return runReview(ctx, home, rest, env)
	case "export":
		return runExport(ctx, home, rest, env)
	case "open":
		return runOpen(ctx, home, rest, env)
	case "verify":
		return runVerify(ctx, home, rest, env)
	case "trust":
		return runTrust(ctx, home, rest, env)
	case "annotate":
		return runAnnotate(ctx, home, rest, env)
	case "import":
		return runImport(ctx, home, rest, env)
	case "report":
		return runReport(ctx, home, rest, env)
	case "demo":
		if len(rest) == 1 && rest[0] == "init" {
			return runDemoInit(ctx, home, env)
		}
	}
	return fmt.Errorf("unknown command %q: %w", cmd, ErrUsage)
}

// openWorkspace opens the data folder with the OS keyring, or with --bundle the bundle,
// read-only (every command that would change something then answers read_only).
func openWorkspace(ctx context.Context, home string, env Env) (*workspace.Workspace, error) {
	if env.Bundle != "" {
		ws, _, err := openBundle(ctx, home, env)
		return ws, err
	}
	if home == "" {
		h, err := workspace.DefaultHome()
		if err != nil {
			return nil, err
		}
		home = h
	}
	stderr := env.Stderr
	if stderr == nil {
		stderr = io.Discard
	}
	return workspace.Open(ctx, workspace.Options{Home: home, Secrets: env.Secrets, KeyringService: env.KeyringService,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
}

// newFlags makes a subcommand flag set that also accepts --home.
func newFlags(name string, env Env, home *string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(home, "home", *home, "data folder")
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%s: %v: %w", fs.Name(), err, ErrUsage)
	}
	return nil
}
