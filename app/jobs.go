package app

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/jobs"
)

// progressInterval keeps progress events at about ten a second per connection.
const progressInterval = 100 * time.Millisecond

func (a *App) startRefresh(ids []int64) (string, error) {
	var id string
	id = a.jobs.Start(a.ctx, "refresh", func(ctx context.Context, jobID string) {
		th := jobs.NewThrottle(progressInterval, func(p any) { a.emit.Emit(EventRefreshProgress, p) })
		results, err := a.ws.Refresh(ctx, ids, func(p jobs.Progress) {
			final := p.State != jobs.StateRunning
			th.Update(strconv.FormatInt(p.ConnectionID, 10), toProgress(jobID, p), final)
		})
		th.Close()
		sum := RefreshSummary{JobID: jobID, Results: []RefreshProgress{}}
		if err != nil {
			sum.Failed = 1
			sum.Results = append(sum.Results, RefreshProgress{JobID: jobID, State: jobs.StateFailed, Error: err.Error()})
		}
		for _, r := range results {
			switch r.State {
			case jobs.StateDone:
				sum.Done++
			case jobs.StateCanceled:
				sum.Canceled++
			default:
				sum.Failed++
			}
			sum.Results = append(sum.Results, toProgress(jobID, r))
		}
		a.emit.Emit(EventRefreshDone, sum)
	})
	return id, nil
}

func (a *App) cancelRefresh(jobID string) error {
	a.jobs.Cancel(jobID)
	return nil
}

func (a *App) signOut(ctx context.Context, req SignOutRequest) (SignOutResult, error) {
	defer a.jobs.Track()() // Shutdown waits for it: its audit entry must be written before the store closes
	res, entry, err := a.ws.SignOut(ctx, req.ConnectionID, req.SessionID, strings.TrimSpace(req.Reason))
	if err != nil {
		return SignOutResult{}, err
	}
	return SignOutResult{SessionID: res.SessionID, Outcome: string(res.Outcome), Message: res.Message, AuditID: entry.ID}, nil
}

func prettyJSON(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	return buf.String()
}
