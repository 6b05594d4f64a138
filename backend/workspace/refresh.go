package workspace

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"sessionscope/backend/jobs"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
)

// Refresh refreshes the given connections (all when ids is empty), a bounded number at a
// time. A failing connection never stops the others: each one's final progress carries its
// own error. report receives every progress update, from several goroutines.
func (w *Workspace) Refresh(ctx context.Context, ids []int64, report func(jobs.Progress)) ([]jobs.Progress, error) {
	if err := w.refuseWrite("refreshing"); err != nil {
		return nil, err
	}
	// Read the list even when the job is already cancelled, so each connection reports "canceled".
	conns, err := w.st.Connections(context.WithoutCancel(ctx))
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		want := map[int64]bool{}
		for _, id := range ids {
			want[id] = true
		}
		var sel []session.Connection
		for _, c := range conns {
			if want[c.ID] {
				sel = append(sel, c)
				delete(want, c.ID)
			}
		}
		for id := range want {
			return nil, fmt.Errorf("no connection with id %d", id)
		}
		conns = sel
	} else { // "refresh all" leaves out the connections imported from files: they have no server
		conns = slices.DeleteFunc(conns, imported)
	}
	results := make([]jobs.Progress, len(conns))
	sem := make(chan struct{}, w.opts.Concurrency)
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
			}
			if ctx.Err() != nil {
				results[i] = jobs.Progress{ConnectionID: c.ID, Connection: c.Name, State: jobs.StateCanceled, Err: ctx.Err()}
				report(results[i])
				return
			}
			// A connection whose credential was refused waits for a new sign-in instead of being
			// refused again on every "refresh all"; naming it explicitly still tries it.
			if len(ids) == 0 && c.Status == session.StatusNeedsSignIn {
				results[i] = jobs.Progress{ConnectionID: c.ID, Connection: c.Name, State: jobs.StateFailed,
					Err: &source.Error{Code: source.CodeAuth, Message: c.Name + " needs a new sign-in (or a new credential) before it can be refreshed"}}
				report(results[i])
				return
			}
			results[i] = w.refreshOne(ctx, c, report)
		}()
	}
	wg.Wait()
	return results, nil
}

func (w *Workspace) refreshOne(ctx context.Context, c session.Connection, report func(jobs.Progress)) jobs.Progress {
	var last jobs.Progress
	rep := func(p jobs.Progress) {
		last = p
		report(p)
	}
	w.demoActivity(c)
	cl, err := w.Client(ctx, c)
	if err != nil {
		last = jobs.Progress{ConnectionID: c.ID, Connection: c.Name, State: jobs.StateFailed, Err: err}
		if ctx.Err() != nil {
			last.State = jobs.StateCanceled
		}
		report(last)
		if ctx.Err() == nil {
			w.noteFailure(ctx, c, err)
		}
		return last
	}
	e := w.enricher()
	_, err = jobs.RefreshConnection(ctx, w.st, c, cl, e.Enrich, rep, geoMeta(e))
	if err == nil {
		w.afterRefresh(ctx, c, cl) // flags (flags.go)
	}
	if err != nil && !errors.Is(err, context.Canceled) && ctx.Err() == nil {
		w.noteFailure(ctx, c, err)
		w.log.Warn("refresh failed", "connection", c.Name, "err", err)
	}
	return last
}

// noteFailure records what went wrong on the connection, so the sidebar can say what to do.
func (w *Workspace) noteFailure(ctx context.Context, c session.Connection, err error) {
	status := session.StatusError
	if source.CodeOf(err) == source.CodeAuth {
		status = session.StatusNeedsSignIn
	}
	_ = w.st.SetConnectionStatus(context.WithoutCancel(ctx), c.ID, status, err.Error())
}
