package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// Exit statuses of bulk sign-out and containment (besides 0 done, 1 error, 2 usage).
const (
	ExitPartlyFailed = 3 // the job finished, but the server refused or failed some sessions
	ExitRefused      = 4 // refused before anything was sent (no reason, count not confirmed, nothing to do, …)
	ExitStopped      = 5 // stopped with work left (cancelled, or a connection could not go on): resume it
)

// exitError ends a command with a particular exit status.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// ExitCode returns the exit status an error asks for, if it asks for one.
func ExitCode(err error) (int, bool) {
	var e *exitError
	if errors.As(err, &e) {
		return e.code, true
	}
	return 0, false
}

const bulkHelp = `sessionscope signout — end sessions in bulk, as a persisted job

  Select (the same filters as "sessions"; a selection spans the named orgs):
    --connection NAME      an org (repeatable), or --all-orgs for every one
    --user USER            one person: username / e-mail (any case) or the server's user id;
                           across every org unless --connection is given; ended user-wide
                           where the server can
    --all-except-current   every session of the org(s) except SessionScope's own
    --session ID           a ticked session of --connection (repeatable)
    --ip, --type, --country, --city, --asn, --search, --new, --active-within
  Act:
    --reason TEXT          why (required for per-user, bulk and containment actions)
    --contain              also block the users from signing in again (first), where the server can
    --contain-only         block the users without ending their sessions
    --dry-run              print the plan (per org: count, method, calls, what is left out) and stop
    --confirm N            the count of sessions, required above the confirmation threshold
    --json                 print the plan or the job as JSON
  Jobs:
    --resume JOB           continue a stopped job: acts only on what is left
    --retry-failed JOB     send again only the failed sessions of a job

  The admin's own session is always left out. Exit status: 0 done; 1 error; 2 usage;
  3 finished with failures; 4 refused before anything was sent; 5 stopped with work left
  (resume it with --resume JOB).
`

// bulkFlags are the flags only the bulk path takes; any of them (or several --session, or
// --user) sends "signout" there.
var bulkFlags = []string{"all-orgs", "all-except-current", "dry-run", "confirm", "resume", "retry-failed", "contain", "contain-only",
	"json", "ip", "type", "country", "city", "asn", "search", "new", "active-within", "user", "help", "h"}

// isBulkSignOut reports whether a signout command line is a bulk one.
func isBulkSignOut(args []string) bool {
	sessions, conns := 0, 0
	for _, a := range args {
		name := strings.TrimLeft(a, "-")
		name, _, _ = strings.Cut(name, "=")
		if !strings.HasPrefix(a, "-") {
			continue
		}
		for _, b := range bulkFlags {
			if name == b {
				return true
			}
		}
		switch name {
		case "session":
			sessions++
		case "connection":
			conns++
		}
	}
	return sessions > 1 || conns > 1
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runBulkSignOut(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("signout", env, &home)
	fs.Usage = func() { fmt.Fprint(env.Stderr, bulkHelp) }
	var conns, sessionIDs listFlag
	fs.Var(&conns, "connection", "org (repeatable)")
	fs.Var(&sessionIDs, "session", "session id (repeatable)")
	allOrgs := fs.Bool("all-orgs", false, "every org")
	user := fs.String("user", "", "username / e-mail or user id")
	allExcept := fs.Bool("all-except-current", false, "every session except SessionScope's own")
	reason := fs.String("reason", "", "why")
	contain := fs.Bool("contain", false, "also block the users")
	containOnly := fs.Bool("contain-only", false, "block the users, do not sign them out")
	dryRun := fs.Bool("dry-run", false, "print the plan only")
	confirm := fs.Int("confirm", 0, "the count to confirm")
	asJSON := fs.Bool("json", false, "JSON output")
	resume := fs.Int64("resume", 0, "job to resume")
	retry := fs.Int64("retry-failed", 0, "job whose failures to retry")
	filter := addFilterFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("signout: unexpected %q: %w", fs.Arg(0), ErrUsage)
	}
	if *resume != 0 && *retry != 0 {
		return fmt.Errorf("signout: choose --resume or --retry-failed: %w", ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	report := progressPrinter(env)
	switch {
	case *resume != 0:
		j, err := ws.ResumeSignOutJob(ctx, *resume, report)
		return jobOutcome(env, j, err, *asJSON)
	case *retry != 0:
		j, err := ws.RetryFailedSignOuts(ctx, *retry, report)
		return jobOutcome(env, j, err, *asJSON)
	}
	f, err := filter()
	if err != nil {
		return fmt.Errorf("signout: %w", err)
	}
	req := workspace.BulkRequest{Reason: strings.TrimSpace(*reason), Confirm: *confirm}
	if *contain && *containOnly {
		return fmt.Errorf("signout: choose --contain or --contain-only: %w", ErrUsage)
	}
	req.Contain = *contain
	if *containOnly {
		req.Action = workspace.ActionContain
	}
	if err := selection(ctx, ws, &req, conns, sessionIDs, *allOrgs, *allExcept, *user, f); err != nil {
		return err
	}
	plan, err := ws.PlanSignOut(ctx, req)
	if err != nil {
		return err
	}
	if *dryRun {
		return printPlan(env, plan, *asJSON)
	}
	if !*asJSON {
		printPlanSummary(env, plan)
	}
	if plan.ConfirmCount > 0 && req.Confirm == 0 {
		if req.Confirm, err = askCount(env, plan); err != nil {
			return err
		}
	}
	req.Fingerprint = plan.Fingerprint
	j, err := ws.StartSignOut(ctx, req, report)
	return jobOutcome(env, j, err, *asJSON)
}

// selection turns the selecting flags into the request's selection.
func selection(ctx context.Context, ws *workspace.Workspace, req *workspace.BulkRequest, conns, sessionIDs []string,
	allOrgs, allExcept bool, user string, f session.Filter) error {
	if len(conns) > 0 && allOrgs {
		return fmt.Errorf("signout: name --connection or give --all-orgs, not both: %w", ErrUsage)
	}
	ids, err := ws.ConnectionIDs(ctx, conns)
	if err != nil {
		return err
	}
	if len(sessionIDs) > 0 {
		if len(ids) != 1 || user != "" || allExcept || !f.Empty() {
			return fmt.Errorf("signout: --session takes exactly one --connection and no filter: %w", ErrUsage)
		}
		for _, s := range sessionIDs {
			req.Selection.Keys = append(req.Selection.Keys, session.SessionKey{ConnectionID: ids[0], SessionID: s})
		}
		return nil
	}
	if user == "" && len(ids) == 0 && !allOrgs {
		return fmt.Errorf("signout: name --connection (or --all-orgs) for a filter, or give --user: %w", ErrUsage)
	}
	if user == "" && f.Empty() && !allExcept {
		return fmt.Errorf("signout: no filter selects every session: give one, or --all-except-current to mean it: %w", ErrUsage)
	}
	f.ConnectionIDs = ids
	req.Selection.Filter, req.Selection.User = &f, strings.TrimSpace(user)
	req.UserWide = user != ""
	return nil
}

// askCount prompts for the typed count on a terminal; otherwise --confirm is needed.
func askCount(env Env, p workspace.BulkPlan) (int, error) {
	f, ok := env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, nil // StartSignOut refuses with the count to pass as --confirm
	}
	fmt.Fprintf(env.Stderr, "this acts on %d sessions; type %d to go ahead: ", p.Sessions, p.ConfirmCount)
	line, _ := bufio.NewReader(f).ReadString('\n')
	n, _ := strconv.Atoi(strings.TrimSpace(line))
	return n, nil
}

// progressPrinter prints a job's progress to stderr about once a second, and its last state.
func progressPrinter(env Env) func(workspace.SignOutProgress) {
	var mu sync.Mutex
	var last time.Time
	return func(p workspace.SignOutProgress) {
		mu.Lock()
		defer mu.Unlock()
		if p.State == workspace.JobRunning && time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		line := fmt.Sprintf("job %d: %d/%d done (%d ended, %d already gone, %d failed)", p.JobID, p.Done(), p.Total,
			p.Counts.Ended+p.Counts.Contained, p.Counts.AlreadyGone, p.Counts.Failed)
		for _, o := range p.Orgs {
			if o.Waiting != "" {
				line += fmt.Sprintf("; %s: %s", o.Connection, o.Waiting)
			}
		}
		fmt.Fprintln(env.Stderr, line)
	}
}

// jobOutcome prints how a job ended and turns it into the exit status.
func jobOutcome(env Env, j workspace.SignOutJob, err error, asJSON bool) error {
	if err != nil {
		if workspace.IsRefusal(err) {
			return &exitError{ExitRefused, "refused, nothing was sent: " + err.Error()}
		}
		return err
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(j); err != nil {
			return err
		}
	} else {
		printJob(env, j)
	}
	switch j.State {
	case workspace.JobDone:
		return nil
	case workspace.JobPartlyFailed, workspace.JobFailed:
		return &exitError{ExitPartlyFailed, fmt.Sprintf("job %d: %d sessions failed (send them again with --retry-failed %d)", j.ID, j.Counts.Failed, j.ID)}
	}
	msg := fmt.Sprintf("job %d stopped with %d left (%s); continue it with --resume %d", j.ID, j.Counts.Left(), j.State, j.ID)
	if j.Message != "" {
		msg += ": " + j.Message
	}
	return &exitError{ExitStopped, msg}
}
