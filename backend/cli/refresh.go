package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"sessionscope/backend/workspace"
)

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
		c, err := ws.ConnectionByName(ctx, name)
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
	update, stop := workspace.ThrottleProgress(time.Second, func(p workspace.Progress) { printProgress(env.Stderr, p) })
	results, err := ws.Refresh(ctx, ids, update)
	stop()
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range results {
		if r.State != workspace.StateDone {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d connections did not refresh", failed, len(results))
	}
	return nil
}

func printProgress(w io.Writer, p workspace.Progress) {
	switch p.State {
	case workspace.StateRunning:
		if p.Total > 0 {
			fmt.Fprintf(w, "%s: %d/%d records\n", p.Connection, p.Fetched, p.Total)
		} else {
			fmt.Fprintf(w, "%s: %d records\n", p.Connection, p.Fetched)
		}
	case workspace.StateDone:
		fmt.Fprintf(w, "%s: done, %d active sessions\n", p.Connection, p.Fetched)
		for _, warn := range p.Warnings {
			fmt.Fprintf(w, "%s: warning: %s\n", p.Connection, warn)
		}
	default:
		fmt.Fprintf(w, "%s: %s: %v\n", p.Connection, p.State, p.Err)
	}
}
