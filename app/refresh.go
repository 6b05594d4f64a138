package app

import (
	"time"

	"sessionscope/backend/workspace"
)

// progressInterval keeps progress events at about ten a second per connection.
const progressInterval = 100 * time.Millisecond

// RefreshService runs refresh jobs. Progress arrives as "refresh:progress" events, the end as
// one "refresh:done" event.
type RefreshService struct {
	ws   *workspace.Workspace
	emit Emitter
}

// RefreshProgress is the payload of the "refresh:progress" event (at most ~10 per second per job).
type RefreshProgress struct {
	JobID        string `json:"jobId"`
	ConnectionID int64  `json:"connectionId"`
	Connection   string `json:"connection"`
	State        string `json:"state"` // running | done | failed | canceled
	Fetched      int    `json:"fetched"`
	Total        int    `json:"total"` // 0 when the server does not say
	Pages        int    `json:"pages"`
	// Warnings: the listing is known to be incomplete, and why (the snapshot still completes).
	Warnings  []string `json:"warnings"`
	Error     string   `json:"error"`
	ErrorCode string   `json:"errorCode"`
}

// RefreshSummary is the payload of the "refresh:done" event.
type RefreshSummary struct {
	JobID    string            `json:"jobId"`
	Done     int               `json:"done"`
	Failed   int               `json:"failed"`
	Canceled int               `json:"canceled"`
	Results  []RefreshProgress `json:"results"`
}

// Start refreshes the given connections (all when empty) and returns the job id.
func (s *RefreshService) Start(connectionIDs []int64) (string, error) {
	return s.ws.StartRefresh(connectionIDs, func(jobID string) (func(workspace.Progress), func([]workspace.Progress, error)) {
		update, stop := workspace.ThrottleProgress(progressInterval, func(p workspace.Progress) {
			s.emit.Emit(EventRefreshProgress, toProgress(jobID, p))
		})
		return update, func(results []workspace.Progress, err error) {
			stop()
			s.emit.Emit(EventRefreshDone, summarise(jobID, results, err))
		}
	})
}

// Cancel stops a running refresh job; snapshots it had not finished stay unused.
func (s *RefreshService) Cancel(jobID string) error {
	s.ws.CancelJob(jobID)
	return nil
}

func toProgress(jobID string, p workspace.Progress) RefreshProgress {
	rp := RefreshProgress{JobID: jobID, ConnectionID: p.ConnectionID, Connection: p.Connection, State: p.State,
		Fetched: p.Fetched, Total: p.Total, Pages: p.Pages, Warnings: append([]string{}, p.Warnings...)}
	if p.Err != nil {
		rp.Error, rp.ErrorCode = p.Err.Error(), workspace.ConnectorCode(p.Err)
	}
	return rp
}

// summarise counts a job's outcomes; an error of the whole job (an unknown connection) counts
// as one failure.
func summarise(jobID string, results []workspace.Progress, err error) RefreshSummary {
	sum := RefreshSummary{JobID: jobID, Results: []RefreshProgress{}}
	if err != nil {
		sum.Failed = 1
		sum.Results = append(sum.Results, RefreshProgress{JobID: jobID, State: workspace.StateFailed, Error: err.Error()})
	}
	for _, r := range results {
		switch r.State {
		case workspace.StateDone:
			sum.Done++
		case workspace.StateCanceled:
			sum.Canceled++
		default:
			sum.Failed++
		}
		sum.Results = append(sum.Results, toProgress(jobID, r))
	}
	return sum
}
