package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// flagOut is one flag of a session in `sessions --json`.
type flagOut struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Reason   string `json:"reason"`
}

// flagList is a session's flags, most severe first; never null in JSON.
type flagList []flagOut

func (l flagList) MarshalJSON() ([]byte, error) {
	if l == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]flagOut(l))
}

// flagFilterFlags declares --flagged, --rule and --severity.
func flagFilterFlags(fs flagSet, ff *session.FlagFilter) {
	fs.BoolVar(&ff.Flagged, "flagged", false, "only flagged sessions")
	fs.StringVar(&ff.Rule, "rule", "", "only sessions with a flag of this rule (see `sessionscope flags`)")
	fs.StringVar(&ff.Severity, "severity", "", "only sessions whose most severe flag is this: high, medium or low")
}

// addFlags gives each listed session its flags (rows[i] is out[i]'s store row id).
func addFlags(ctx context.Context, ws *workspace.Workspace, out []sessionOut, rows []int64) error {
	flags, err := ws.FlagsOf(ctx, rows)
	if err != nil {
		return err
	}
	for i, id := range rows {
		for _, f := range flags[id] {
			out[i].Flags = append(out[i].Flags, flagOut{Rule: string(f.Rule), Severity: f.Severity.String(), Reason: f.Reason})
		}
	}
	return nil
}

// printFlagged prints flagged sessions with their flags, one line per flag.
func printFlagged(tw *tabwriter.Writer, out []sessionOut) error {
	fmt.Fprintln(tw, "ORG\tUSERNAME\tSOURCE IP\tLOCATION\tID\tSEVERITY\tRULE\tREASON")
	for _, s := range out {
		for _, f := range s.Flags {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Connection, s.Username, s.SourceIP, location(s), s.ID,
				f.Severity, f.Rule, f.Reason)
		}
	}
	fmt.Fprintf(tw, "%d flagged sessions\n", len(out))
	return tw.Flush()
}

// flagCountOut is one connection's counts in `flags --json`.
type flagCountOut struct {
	Connection string         `json:"connection"`
	Computed   bool           `json:"computed"`
	ComputedAt *string        `json:"computed_at"`
	Sessions   int            `json:"sessions"`
	Flagged    int            `json:"flagged"`
	BySeverity map[string]int `json:"by_severity"`
	Rules      []ruleCountOut `json:"rules"`
}

type ruleCountOut struct {
	Rule     string `json:"rule"`
	Flags    int    `json:"flags"`
	Sessions int    `json:"sessions"`
}

// runFlags prints the flag counts per connection and rule.
func runFlags(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("flags", env, &home)
	conn := fs.String("connection", "", "only this connection")
	asJSON := fs.Bool("json", false, "print JSON")
	compute := fs.Bool("compute", false, "judge the current snapshots again first (after a policy edit elsewhere, say)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("flags: unexpected %q: %w", fs.Arg(0), ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	var ids []int64
	if *conn != "" {
		c, err := connectionNamed(ctx, ws, *conn)
		if err != nil {
			return err
		}
		ids = []int64{c.ID}
	}
	if *compute {
		if err := computeAll(ctx, ws, ids, env.Stderr); err != nil {
			return err
		}
	}
	counts, err := ws.FlagCounts(ctx, ids)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]flagCountOut, 0, len(counts))
		for _, fc := range counts {
			o := flagCountOut{Connection: fc.Connection, Computed: fc.Computed, Sessions: fc.Sessions, Flagged: fc.Flagged,
				BySeverity: map[string]int{}, Rules: []ruleCountOut{}}
			if fc.Computed {
				o.ComputedAt = timePtr(fc.ComputedAt)
			}
			for _, sev := range []workspace.Severity{workspace.SeverityHigh, workspace.SeverityMedium, workspace.SeverityLow} {
				o.BySeverity[sev.String()] = fc.BySeverity[sev]
			}
			for _, rc := range fc.Rules {
				o.Rules = append(o.Rules, ruleCountOut{string(rc.Rule), rc.Flags, rc.Sessions})
			}
			out = append(out, o)
		}
		return writeJSON(env.Stdout, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ORG\tRULE\tSEVERITY\tFLAGS\tSESSIONS")
	info := map[workspace.Rule]workspace.RuleInfo{}
	for _, ri := range ws.Rules() {
		info[ri.Rule] = ri
	}
	for _, fc := range counts {
		if !fc.Computed {
			fmt.Fprintf(tw, "%s\t(not judged yet: refresh it, or run flags --compute)\t\t\t\n", fc.Connection)
			continue
		}
		fmt.Fprintf(tw, "%s\tall\t%d high, %d medium, %d low\t\t%d of %d\n", fc.Connection, fc.BySeverity[workspace.SeverityHigh],
			fc.BySeverity[workspace.SeverityMedium], fc.BySeverity[workspace.SeverityLow], fc.Flagged, fc.Sessions)
		for _, rc := range fc.Rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\n", fc.Connection, rc.Rule, info[rc.Rule].Severity, rc.Flags, rc.Sessions)
		}
	}
	return tw.Flush()
}

func computeAll(ctx context.Context, ws *workspace.Workspace, ids []int64, log io.Writer) error {
	conns, err := ws.Connections(ctx)
	if err != nil {
		return err
	}
	for _, c := range conns {
		if c.Current == nil || (len(ids) > 0 && ids[0] != c.ID) {
			continue
		}
		s, err := ws.ComputeFlags(ctx, c.ID)
		if err != nil {
			return fmt.Errorf("judge %s: %w", c.Name, err)
		}
		fmt.Fprintf(log, "%s: %d flags on %d of %d sessions (%s)\n", c.Name, s.Flags, s.Flagged, s.Sessions, s.Took.Round(time.Millisecond))
	}
	return nil
}

// connectionNamed finds a connection by its name.
func connectionNamed(ctx context.Context, ws *workspace.Workspace, name string) (session.Connection, error) {
	conns, err := ws.Connections(ctx)
	if err != nil {
		return session.Connection{}, err
	}
	for _, c := range conns {
		if c.Name == name {
			return c, nil
		}
	}
	return session.Connection{}, fmt.Errorf("no connection named %q", name)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// policyErrorText spells a refused policy change, one field per line.
func policyErrorText(err error) error {
	var pe *workspace.PolicyError
	if !errors.As(err, &pe) {
		return err
	}
	lines := []string{"policy not saved:"}
	for _, f := range pe.Fields {
		lines = append(lines, "  "+f.Field+": "+f.Msg)
	}
	return errors.New(strings.Join(lines, "\n"))
}

// parseAnywhere parses flags given before, between or after the positional arguments, which it
// returns ("review show 3 --json" as well as "review show --json 3").
func parseAnywhere(fs flagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}
