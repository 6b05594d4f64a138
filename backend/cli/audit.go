package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"
)

func runAudit(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("audit", env, &home)
	limit := fs.Int("limit", 50, "entries to print")
	verify := fs.Bool("verify", false, "check the hash chain of the whole trail")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	if *verify {
		if err := ws.VerifyAudit(ctx); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "audit trail intact: every entry matches its hash chain")
		return nil
	}
	entries, err := ws.Audit(ctx, *limit)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN\tWHO\tACTION\tORG\tTARGET\tREASON\tRESULT\tDETAIL")
	for _, e := range entries {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.At.UTC().Format(time.RFC3339), e.Actor, e.Action,
			e.Connection, e.Target, e.Reason, e.Result, e.Detail)
	}
	return tw.Flush()
}
