package jobs

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/store"
)

// Progress is the state of one connection's refresh.
type Progress struct {
	ConnectionID int64
	Connection   string
	State        string // running | done | failed | canceled
	Fetched      int
	Total        int
	Pages        int
	// Warnings say what the connector knows to be wrong with the listing (a server that lost
	// sessions across page boundaries, say): the snapshot completes, but it is known to be short.
	Warnings []string
	Err      error
}

// Refresh states.
const (
	StateRunning  = "running"
	StateDone     = "done"
	StateFailed   = "failed"
	StateCanceled = "canceled"
)

// Enricher adds derived data (geo, device) to a page before it is stored. May be nil.
type Enricher func(ctx context.Context, page []session.Session)

// RefreshConnection streams every page from client into a new snapshot of conn. Fetching the
// next page overlaps with writing the current one. The snapshot becomes current only when the
// listing completes; on error or cancel it is aborted and the previous snapshot stays current.
//
// meta holds extra snapshot metadata to record when it completes (say, which GeoIP database
// located its addresses).
func RefreshConnection(ctx context.Context, st *store.Store, conn session.Connection, client source.Client,
	enrich Enricher, report func(Progress), meta ...map[string]string) (session.Snapshot, error) {
	p := Progress{ConnectionID: conn.ID, Connection: conn.Name, State: StateRunning}
	w, err := st.BeginSnapshot(ctx, conn.ID)
	if err != nil {
		p.State, p.Err = StateFailed, err
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			p.State = StateCanceled
		}
		report(p)
		return session.Snapshot{}, err
	}
	report(p)

	listCtx, stopList := context.WithCancel(ctx)
	defer stopList()
	// One page waits while one is written and the next is fetched: each page held is a couple
	// of megabytes of sessions with their raw records, times the refreshes running at once.
	pages := make(chan source.Page, 1)
	listErr := make(chan error, 1)
	go func() {
		defer close(pages)
		listErr <- client.ListSessions(listCtx, func(pg source.Page) error {
			select {
			case pages <- pg:
				return nil
			case <-listCtx.Done():
				return listCtx.Err()
			}
		})
	}()

	var writeErr error
	for pg := range pages {
		if writeErr != nil {
			continue // drain so the lister can finish
		}
		for i := range pg.Sessions {
			pg.Sessions[i].ConnectionID = conn.ID
		}
		if enrich != nil {
			enrich(ctx, pg.Sessions)
		}
		if err := w.WritePage(ctx, pg.Sessions, pg.Dropped); err != nil {
			writeErr = err
			stopList()
			continue
		}
		p.Fetched += len(pg.Sessions) + pg.Dropped // records received, against the server's total
		p.Pages++
		for _, warn := range pg.Warnings {
			if !slices.Contains(p.Warnings, warn) {
				p.Warnings = append(p.Warnings, warn)
			}
		}
		if pg.Total > 0 {
			p.Total = pg.Total
		}
		report(p)
	}
	err = <-listErr
	if writeErr != nil {
		err = writeErr
	}
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if err != nil {
		status, state := session.SnapshotFailed, StateFailed
		// Cancelled is what happened when the job's context ended, whatever shape the
		// connector gave its error.
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			status, state = session.SnapshotInterrupted, StateCanceled
		}
		// The job's context may be gone; cleaning up must still happen.
		if aerr := w.Abort(context.WithoutCancel(ctx), status, err); aerr != nil {
			err = fmt.Errorf("%w (and cleaning up the unfinished snapshot failed: %v)", err, aerr)
		}
		p.State, p.Err = state, err
		report(p)
		return w.Snapshot(), err
	}
	done := map[string]string{}
	for _, m := range meta {
		maps.Copy(done, m)
	}
	if len(p.Warnings) > 0 {
		done["warnings"] = strings.Join(p.Warnings, "\n")
	}
	if rl, ok := client.(source.RateLimited); ok {
		if s, ok := rl.RateLimit(); ok {
			done["rate_limit"] = s.Raw
		}
	}
	snap, err := w.Complete(context.WithoutCancel(ctx), done)
	if err != nil {
		// The snapshot stays as it was (not current); its rows go.
		if aerr := w.Abort(context.WithoutCancel(ctx), session.SnapshotFailed, err); aerr != nil {
			err = fmt.Errorf("%w (and cleaning up the unfinished snapshot failed: %v)", err, aerr)
		}
		p.State, p.Err = StateFailed, err
		report(p)
		return snap, err
	}
	p.State, p.Total = StateDone, snap.SessionCount
	p.Fetched = snap.SessionCount
	report(p)
	return snap, nil
}
