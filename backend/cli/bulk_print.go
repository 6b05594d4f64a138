package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// addFilterFlags declares the session filters "sessions" takes and returns how to read them.
func addFilterFlags(fs flagSet) func() (session.Filter, error) {
	ip := fs.String("ip", "", "source IP prefix or CIDR range")
	sessionType := fs.String("type", "", "session type")
	country := fs.String("country", "", "country codes, comma-separated (US,DE)")
	city := fs.String("city", "", "city name")
	asn := fs.String("asn", "", "autonomous system (AS15169)")
	text := fs.String("search", "", "free text: prefix of user, name, IP, city or browser, or a country code")
	newOnly := fs.Bool("new", false, "only sessions not in the previous snapshot of their connection")
	activeWithin := fs.Duration("active-within", 0, "only sessions active within this long (e.g. 24h)")
	return func() (session.Filter, error) {
		f := session.Filter{IP: *ip, SessionType: *sessionType, City: *city, ASN: *asn, Text: *text, NewOnly: *newOnly}
		for _, cc := range strings.Split(*country, ",") {
			if cc = strings.TrimSpace(cc); cc != "" {
				f.Countries = append(f.Countries, cc)
			}
		}
		if *activeWithin > 0 {
			f.ActiveFrom = time.Now().Add(-*activeWithin)
		}
		return f, f.Validate()
	}
}

func printPlan(env Env, p workspace.BulkPlan, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	}
	verb := "sign out"
	if p.Action == "contain" {
		verb = "block"
	}
	fmt.Fprintf(env.Stdout, "plan: %s %d sessions in %d orgs, %d API calls\n", verb, p.Sessions, countActive(p), p.Calls)
	if p.Contained > 0 {
		fmt.Fprintf(env.Stdout, "  and block %d users from signing in again, first\n", p.Contained)
	}
	if len(p.Identities) > 0 {
		fmt.Fprintln(env.Stdout, "matched identities:")
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  ORG\tUSERNAME\tUSER ID\tSESSIONS\t")
		for _, id := range p.Identities {
			own := ""
			if id.HoldsOwnSession {
				own = "holds SessionScope's own session"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%s\n", id.Connection, id.Username, id.UserID, id.Sessions, own)
		}
		tw.Flush()
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ORG\tSESSIONS\tMETHOD\tBATCH\tCALLS\tLIMIT LEFT\tSIGNED IN AS")
	for _, o := range p.Orgs {
		left := "unknown"
		if o.Remaining >= 0 {
			left = strconv.FormatInt(o.Remaining, 10)
			if o.OverLimit {
				left += " (not enough)"
			}
		}
		method := o.Method
		if method == "" {
			method = "-"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%d\t%s\t%s\n", o.Connection, o.Sessions, method, o.BatchSize, o.Calls, left, o.Admin)
	}
	tw.Flush()
	printLeftOut(env, p)
	for _, o := range p.Orgs {
		for _, w := range o.Warnings {
			fmt.Fprintf(env.Stdout, "warning: %s: %s\n", o.Connection, w)
		}
	}
	for _, n := range p.Notes {
		fmt.Fprintln(env.Stdout, "note: "+n)
	}
	switch {
	case p.ExistingJob != 0:
		fmt.Fprintf(env.Stdout, "this plan is already job %d (%s)\n", p.ExistingJob, p.ExistingState)
	case p.ConfirmCount > 0:
		fmt.Fprintf(env.Stdout, "to run it: --confirm %d", p.ConfirmCount)
		if p.ReasonRequired {
			fmt.Fprint(env.Stdout, " --reason TEXT")
		}
		fmt.Fprintln(env.Stdout)
	case p.ReasonRequired:
		fmt.Fprintln(env.Stdout, "to run it: --reason TEXT")
	}
	return nil
}

func countActive(p workspace.BulkPlan) int {
	n := 0
	for _, o := range p.Orgs {
		if o.Items > 0 {
			n++
		}
	}
	return n
}

func printLeftOut(env Env, p workspace.BulkPlan) {
	first := true
	for _, o := range p.Orgs {
		if o.Refused != "" {
			fmt.Fprintf(env.Stdout, "%s: nothing will be sent: %s\n", o.Connection, o.Refused)
		}
		for _, e := range o.Excluded {
			if first {
				fmt.Fprintln(env.Stdout, "left out:")
				first = false
			}
			fmt.Fprintf(env.Stdout, "  %s: %d — %s\n", o.Connection, e.Count, e.Reason)
		}
	}
}

// printPlanSummary is the line said before a job starts.
func printPlanSummary(env Env, p workspace.BulkPlan) {
	fmt.Fprintf(env.Stderr, "acting on %d sessions in %d orgs (%d API calls)\n", p.Sessions, countActive(p), p.Calls)
}

func printJob(env Env, j workspace.SignOutJob) {
	c := j.Counts
	fmt.Fprintf(env.Stdout, "job %d: %s — %d ended, %d already gone, %d failed", j.ID, j.State, c.Ended, c.AlreadyGone, c.Failed)
	if c.Contained > 0 {
		fmt.Fprintf(env.Stdout, ", %d contained", c.Contained)
	}
	if c.Left() > 0 {
		fmt.Fprintf(env.Stdout, ", %d left", c.Left())
	}
	fmt.Fprintln(env.Stdout)
	if !j.RecheckedAt.IsZero() {
		fmt.Fprintf(env.Stdout, "re-checked with a refresh: %d still listed by the server\n", c.StillListed)
	}
	if j.Message != "" {
		fmt.Fprintln(env.Stdout, j.Message)
	}
}

// runJobs is `sessionscope jobs [--json] [--limit N] [ID]`: the sign-out jobs, or one job
// with its failed sessions.
func runJobs(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("jobs", env, &home)
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 50, "jobs to list")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("jobs: at most one job id: %w", ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	if fs.NArg() == 1 {
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil {
			return fmt.Errorf("jobs: %q is not a job id: %w", fs.Arg(0), ErrUsage)
		}
		j, err := ws.SignOutJobDetail(ctx, id)
		if err != nil {
			return err
		}
		failed, err := ws.SignOutJobItems(ctx, id, workspace.ItemFailed, 0, 1000)
		if err != nil {
			return err
		}
		if *asJSON {
			return enc.Encode(struct {
				Job    workspace.SignOutJob `json:"job"`
				Failed []workspace.JobItem  `json:"failed"`
			}{j, nonNilItems(failed)})
		}
		printJob(env, j)
		for _, o := range j.Orgs {
			fmt.Fprintf(env.Stdout, "  %s: %d sessions by %s, signed in as %s\n", o.Connection, o.Sessions, o.Method, o.Admin)
		}
		for _, it := range failed {
			fmt.Fprintf(env.Stdout, "  failed: %s %s of %s: %s\n", it.Method, it.Target, it.Username, it.Message)
		}
		return nil
	}
	list, err := ws.SignOutJobs(ctx, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		if list == nil {
			list = []workspace.SignOutJob{}
		}
		return enc.Encode(list)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTARTED\tACTION\tSTATE\tTOTAL\tENDED\tGONE\tFAILED\tLEFT\tREASON")
	for _, j := range list {
		c := j.Counts
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", j.ID, j.CreatedAt.Format(time.RFC3339), j.Action, j.State,
			j.Total, c.Ended+c.Contained, c.AlreadyGone, c.Failed, c.Left(), j.Reason)
	}
	return tw.Flush()
}

func nonNilItems(v []workspace.JobItem) []workspace.JobItem {
	if v == nil {
		return []workspace.JobItem{}
	}
	return v
}
