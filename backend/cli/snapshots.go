package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// runSnapshots lists a connection's refreshes.
func runSnapshots(ctx context.Context, home string, args []string, env Env) error {
	return onConnectionCmd(ctx, home, "snapshots", args, env, nil, func(ws *workspace.Workspace, c session.Connection) error {
		snaps, err := ws.Snapshots(ctx, c.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTARTED\tSTATUS\tSESSIONS\tPAGES\tERROR")
		for _, s := range snaps {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\n", s.ID, s.StartedAt.UTC().Format(time.RFC3339), s.Status, s.SessionCount, s.Pages, s.Error)
		}
		return tw.Flush()
	})
}

// runDiff compares two snapshots of a connection (default: the current one with the one before).
func runDiff(ctx context.Context, home string, args []string, env Env) error {
	var from, to int64
	var asJSON bool
	flags := func(fs flagSet) {
		fs.Int64Var(&from, "from", 0, "older snapshot id")
		fs.Int64Var(&to, "to", 0, "newer snapshot id")
		fs.BoolVar(&asJSON, "json", false, "print JSON")
	}
	return onConnectionCmd(ctx, home, "diff", args, env, flags, func(ws *workspace.Workspace, c session.Connection) error {
		if (from == 0) != (to == 0) {
			return fmt.Errorf("diff: give both --from and --to, or neither: %w", ErrUsage)
		}
		d, err := ws.CompareSnapshots(ctx, c.ID, from, to)
		if err != nil {
			return err
		}
		if asJSON {
			enc := json.NewEncoder(env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(map[string]any{"from": d.From.ID, "to": d.To.ID, "new_sessions": d.NewSessions,
				"ended_sessions": d.EndedSessions, "new_users": nonNilStrings(d.NewUsers), "new_user_count": d.NewUserCount,
				"new_countries": nonNilStrings(d.NewCountries)})
		}
		fmt.Fprintf(env.Stdout, "%s: snapshot %d (%s) → %d (%s)\n", c.Name, d.From.ID, d.From.StartedAt.UTC().Format(time.RFC3339),
			d.To.ID, d.To.StartedAt.UTC().Format(time.RFC3339))
		fmt.Fprintf(env.Stdout, "new sessions: %d\nended sessions: %d\nnew users: %d\n", d.NewSessions, d.EndedSessions, d.NewUserCount)
		for _, u := range d.NewUsers {
			fmt.Fprintf(env.Stdout, "  %s\n", u)
		}
		fmt.Fprintf(env.Stdout, "new countries: %s\n", strings.Join(d.NewCountries, ", "))
		return nil
	})
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
