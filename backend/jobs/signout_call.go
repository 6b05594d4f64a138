package jobs

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
	"sessionscope/backend/store"
)

// answer is the server's word on one item.
type answer struct {
	state, message string
}

// errKind sorts a call's error: what a retry could change, and what it says about the items.
type errKind int

const (
	errTransient   errKind = iota // may pass on a later try; the items may or may not have been acted on
	errAmbiguous                  // the call's fate is unknown and retrying will not help now
	errRefusedOrg                 // the server refused the connection (credential, permission, allowance)
	errRefusedItem                // the server refused these items only
	errCanceled
)

func classify(err error) errKind {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errStopped) {
		return errCanceled
	}
	switch source.CodeOf(err) {
	case source.CodeUnavailable, source.CodeRateLimit:
		return errTransient
	case source.CodeAuth, source.CodePermission:
		return errRefusedOrg
	case source.CodeBadRequest, source.CodeNotFound:
		return errRefusedItem
	}
	return errAmbiguous
}

// call sends items, retrying transient failures with backoff (the connector has already
// retried each HTTP request; these are retries of the whole batch, spaced further apart).
// It returns the results it has; items without one stay "sending" — their fate is unknown
// and a resume checks them — unless the server plainly refused them.
func (ru *run) call(ctx context.Context, cl source.Client, o store.JobOrg, items []store.JobItem, ended *endedSet) ([]store.ItemResult, error) {
	var out []store.ItemResult
	left := items
	for attempt := 1; ; attempt++ {
		got, err := ru.send(ctx, cl, left)
		var rest []store.JobItem
		for _, it := range left {
			a, ok := got[it.Seq]
			if !ok {
				rest = append(rest, it)
				continue
			}
			out = append(out, ru.result(it, a, ended, attempt > 1))
		}
		left = rest
		if len(left) == 0 {
			return out, nil
		}
		if err == nil {
			err = errors.New("the server answered without a result for every session")
		}
		kind := classify(err)
		if kind == errRefusedOrg && source.CodeOf(err) == source.CodeAuth && ru.r.OnAuthFailure != nil {
			ru.r.OnAuthFailure(o.ConnectionID, err)
		}
		switch {
		case kind == errCanceled:
			return out, errStopped
		case kind == errRefusedItem:
			for _, it := range left {
				out = append(out, store.ItemResult{Item: it, State: store.ItemFailed, Message: err.Error()})
			}
			return out, nil
		case kind == errRefusedOrg || (kind == errTransient && source.CodeOf(err) == source.CodeRateLimit && attempt >= ru.r.Attempts):
			// A refusal: the server did not act on them.
			for _, it := range left {
				out = append(out, store.ItemResult{Item: it, State: store.ItemFailed, Message: err.Error()})
			}
			return out, err
		case kind == errAmbiguous || attempt >= ru.r.Attempts:
			return out, fmt.Errorf("%w (the %d sessions of the last batch are checked against the server on resume)", err, len(left))
		}
		wait := pace.Backoff(ru.r.RetryBase, attempt)
		ru.track.waiting(o.ConnectionID, fmt.Sprintf("%s; trying again in %s", err.Error(), wait.Round(100e6)))
		if pace.Sleep(ru.stop, wait) != nil {
			return out, errStopped
		}
	}
}

// result turns the server's answer into the item's recorded result.
func (ru *run) result(it store.JobItem, a answer, ended *endedSet, retried bool) store.ItemResult {
	r := store.ItemResult{Item: it, State: a.state, Message: a.message}
	switch {
	case a.state == store.ItemAlreadyGone && it.ParentID != "" && ended.has(it.ParentID):
		r.State, r.Message = store.ItemEnded, "ended with its parent session"
	case a.state == store.ItemAlreadyGone && retried:
		r.Message = strings.TrimSpace(a.message + " (an earlier try of this job may have ended it; its answer was lost)")
	}
	if r.State == store.ItemEnded && it.Method != store.MethodUser && it.Method != store.MethodContain {
		ended.add(it.Target)
	}
	return r
}

// send makes the calls for items (all of one method) and returns the answers it got, keyed by
// item seq, with the error that stopped it.
func (ru *run) send(ctx context.Context, cl source.Client, items []store.JobItem) (map[int64]answer, error) {
	got := map[int64]answer{}
	switch items[0].Method {
	case store.MethodBatch:
		ids := make([]string, len(items))
		for i, it := range items {
			ids[i] = it.Target
		}
		res, err := cl.(source.BatchRevoker).RevokeSessions(ctx, ids)
		byID := map[string]source.RevokeResult{}
		for _, r := range res {
			byID[r.SessionID] = r
		}
		for _, it := range items {
			if r, ok := byID[it.Target]; ok {
				got[it.Seq] = revokeAnswer(r.Outcome, r.Message)
			}
		}
		return got, err
	case store.MethodSession:
		for _, it := range items {
			r, err := cl.(source.SessionRevoker).RevokeSession(ctx, it.Target)
			if err != nil {
				if classify(err) != errRefusedItem {
					return got, err
				}
				r = source.RevokeResult{Outcome: source.Failed, Message: err.Error()}
			}
			got[it.Seq] = revokeAnswer(r.Outcome, r.Message)
		}
	case store.MethodUser:
		for _, it := range items {
			r, err := cl.(source.UserRevoker).RevokeUserSessions(ctx, it.Target)
			if err != nil {
				if classify(err) != errRefusedItem {
					return got, err
				}
				r = source.UserRevokeResult{Outcome: source.Failed, Message: err.Error(), Ended: -1}
			}
			a := revokeAnswer(r.Outcome, r.Message)
			if r.Outcome == source.Ended && r.Ended >= 0 {
				a.message = strings.TrimSpace(fmt.Sprintf("%d sessions ended. %s", r.Ended, r.Message))
			}
			got[it.Seq] = a
		}
	case store.MethodContain:
		for _, it := range items {
			err := cl.(source.UserContainer).ContainUser(ctx, it.Target)
			switch {
			case err == nil:
				got[it.Seq] = answer{state: store.ItemContained}
			case classify(err) == errRefusedItem:
				got[it.Seq] = answer{state: store.ItemFailed, message: err.Error()}
			default:
				return got, err
			}
		}
	}
	return got, nil
}

func revokeAnswer(o source.RevokeOutcome, msg string) answer {
	switch o {
	case source.Ended:
		return answer{store.ItemEnded, msg}
	case source.AlreadyGone:
		return answer{store.ItemAlreadyGone, msg}
	}
	if msg == "" {
		msg = "the server did not end it"
	}
	return answer{store.ItemFailed, msg}
}

// resolveSending decides the items an earlier run left in flight: the connection's sessions
// are listed, and a session (or user) no longer there was ended before the interruption; one
// still there goes back to pending and is sent again. Blocking a user is repeatable, so those
// simply go back. It returns the items now pending again.
func (ru *run) resolveSending(ctx context.Context, cl source.Client, o store.JobOrg, items []store.JobItem) ([]store.JobItem, error) {
	wantS, wantU := map[string]bool{}, map[string]bool{}
	for _, it := range items {
		switch it.Method {
		case store.MethodUser:
			wantU[it.Target] = true
		case store.MethodBatch, store.MethodSession:
			wantS[it.Target] = true
		}
	}
	present := map[string]bool{}
	presentUser := map[string]bool{}
	if len(wantS)+len(wantU) > 0 {
		ru.track.waiting(o.ConnectionID, fmt.Sprintf("checking %d sessions that were in flight when the job stopped", len(items)))
		err := cl.ListSessions(ctx, func(pg source.Page) error {
			for _, s := range pg.Sessions {
				if wantS[s.ID] {
					present[s.ID] = true
				}
				if wantU[s.UserID] && !s.IsCurrent {
					presentUser[s.UserID] = true
				}
			}
			return ru.stop.Err()
		})
		if err != nil {
			return nil, err
		}
	}
	var gone []store.ItemResult
	var back []store.JobItem
	var backSeqs []int64
	for _, it := range items {
		still := it.Method == store.MethodContain || present[it.Target] || (it.Method == store.MethodUser && presentUser[it.Target])
		if still {
			it.State = store.ItemPending
			back, backSeqs = append(back, it), append(backSeqs, it.Seq)
			continue
		}
		gone = append(gone, store.ItemResult{Item: it, State: store.ItemEnded,
			Message: "ended before the job was interrupted: gone from the server when it resumed"})
	}
	if err := ru.record(ctx, o, gone); err != nil {
		return nil, err
	}
	if err := ru.r.Store.SetItemsState(ctx, ru.job.ID, backSeqs, store.ItemPending, ""); err != nil {
		return nil, err
	}
	ru.track.moved(o.ConnectionID, store.ItemSending, store.ItemPending, len(back))
	return back, nil
}
