package workspace

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/jobs"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/store"
)

// Refusal codes of bulk actions, besides those of single sign-outs.
const (
	CodeConfirmRequired = "confirm_required" // above the threshold the admin types the count
	CodePlanChanged     = "plan_changed"     // the selection now means something else than the preview
	CodeNothingToDo     = "nothing_to_do"
	CodeAlreadyRan      = "already_ran" // the same plan is a job already
	CodeJobBusy         = "job_busy"
)

// DefaultConfirmAbove is how many sessions a bulk action may hold before the admin has to type
// the count to confirm it.
const DefaultConfirmAbove = 100

// BulkRequest is a bulk sign-out or containment, as the window or the command line asks.
type BulkRequest struct {
	Action    string            `json:"action"` // signout (default) | contain
	Selection session.Selection `json:"selection"`
	// UserWide ends a user's sessions with one call per user where the server can (the
	// per-user action); otherwise sessions are ended by batch or one by one.
	UserWide bool `json:"userWide"`
	// Contain also blocks the users from signing in again (before their sessions are ended),
	// where the server can: a sign-out alone does not stop a new sign-in.
	Contain bool   `json:"contain"`
	Reason  string `json:"reason"`
	Confirm int    `json:"confirm"` // the count the admin typed, when the plan asks for it
	// Fingerprint is the previewed plan's: if the selection now plans differently, starting is
	// refused (preview again). Empty = no preview to hold to.
	Fingerprint string `json:"fingerprint"`
}

// BulkPlan is the preview of a bulk action: what will happen per org before anything is sent.
type BulkPlan struct {
	Action         string          `json:"action"`
	Identities     []jobs.Identity `json:"identities"` // a per-user action: the accounts matched, first
	Orgs           []jobs.OrgPlan  `json:"orgs"`
	Sessions       int             `json:"sessions"`  // sessions it acts on
	Contained      int             `json:"contained"` // users it also blocks
	Items          int             `json:"items"`
	Calls          int             `json:"calls"`
	ReasonRequired bool            `json:"reasonRequired"`
	ConfirmCount   int             `json:"confirmCount"` // type this number to confirm; 0 = no need
	Notes          []string        `json:"notes"`        // what this does not do
	Fingerprint    string          `json:"fingerprint"`
	ExistingJob    int64           `json:"existingJob"` // a job made from this same plan, 0 = none
	ExistingState  string          `json:"existingState"`
}

// PlanSignOut previews a bulk action. It reads the current snapshots and asks each server only
// who it is signed in as (and so its remaining API allowance); it changes nothing.
func (w *Workspace) PlanSignOut(ctx context.Context, req BulkRequest) (BulkPlan, error) {
	p, _, _, err := w.buildPlan(ctx, req)
	return p, err
}

func (w *Workspace) buildPlan(ctx context.Context, req BulkRequest) (BulkPlan, []store.JobItem, []store.JobOrg, error) {
	p := BulkPlan{Action: req.Action}
	if p.Action == "" {
		p.Action = jobs.ActionSignOut
	}
	if p.Action != jobs.ActionSignOut && p.Action != jobs.ActionContain {
		return p, nil, nil, fmt.Errorf("unknown bulk action %q: choose signout or contain", req.Action)
	}
	sets, err := w.st.SelectionTargets(ctx, req.Selection)
	if err != nil {
		return p, nil, nil, err
	}
	conns, err := w.st.Connections(ctx)
	if err != nil {
		return p, nil, nil, err
	}
	byID := map[int64]session.Connection{}
	for _, c := range conns {
		byID[c.ID] = c
	}
	var items []store.JobItem
	var orgs []store.JobOrg
	now := time.Now()
	for _, set := range sets {
		c := byID[set.ConnectionID]
		in := jobs.OrgInput{Set: set, Kind: c.Kind, Action: p.Action, UserWide: req.UserWide, Now: now,
			SecretIDs: w.Descriptor(c).SessionIDIsSecret, AlsoContain: req.Contain && p.Action == jobs.ActionSignOut}
		cl, err := w.Client(ctx, c)
		if err != nil {
			in.OpenErr = err
		} else {
			in.Caps = source.CapabilitiesOf(cl)
			in.Admin = whoAmI(ctx, cl)
			if rl, ok := cl.(source.RateLimited); ok {
				if st, ok := rl.RateLimit(); ok {
					in.Limit = &st
				}
			}
		}
		op, its, ids := jobs.PlanOrg(in)
		p.Orgs = append(p.Orgs, op)
		if strings.TrimSpace(req.Selection.User) != "" {
			p.Identities = append(p.Identities, ids...)
		}
		p.Sessions += op.Sessions
		p.Contained += op.Contained
		p.Calls += op.Calls
		items = append(items, its...)
		if len(its) > 0 {
			orgs = append(orgs, store.JobOrg{ConnectionID: c.ID, Connection: c.Name, Kind: c.Kind, Method: op.Method,
				BatchSize: op.BatchSize, Admin: op.Admin, Items: len(its), Sessions: op.Sessions, SecretIDs: op.SecretIDs})
		}
	}
	// Connections named by the filter that have never been refreshed have nothing to select yet.
	if f := req.Selection.Filter; f != nil {
		for _, id := range f.ConnectionIDs {
			if !slices.ContainsFunc(sets, func(t store.TargetSet) bool { return t.ConnectionID == id }) {
				c, ok := byID[id]
				if !ok {
					return p, nil, nil, fmt.Errorf("no connection with id %d", id)
				}
				p.Orgs = append(p.Orgs, jobs.OrgPlan{ConnectionID: id, Connection: c.Name, Kind: c.Kind, Remaining: -1,
					Refused: "it has never been refreshed: refresh it first, then select its sessions"})
			}
		}
	}
	p.Items = len(items)
	p.ReasonRequired = p.Action == jobs.ActionContain || req.Contain || req.UserWide || req.Selection.ByFilter() || p.Sessions > 1
	above, err := w.confirmAbove(ctx)
	if err != nil {
		return p, nil, nil, err
	}
	if p.Sessions > above {
		p.ConfirmCount = p.Sessions
	}
	p.Notes = planNotes(p)
	p.Fingerprint = jobs.Fingerprint(p.Action, items)
	if len(items) > 0 {
		if j, ok, err := w.st.JobByFingerprint(ctx, p.Fingerprint); err != nil {
			return p, nil, nil, err
		} else if ok {
			p.ExistingJob, p.ExistingState = j.ID, w.liveState(j)
		}
	}
	return p, items, orgs, nil
}

// ConnectionIDs resolves connection names (any case) to ids, refusing an unknown one.
func (w *Workspace) ConnectionIDs(ctx context.Context, names []string) ([]int64, error) {
	ids := make([]int64, 0, len(names))
	for _, n := range names {
		c, err := w.st.ConnectionByName(ctx, n)
		if err != nil {
			return nil, err
		}
		ids = append(ids, c.ID)
	}
	return ids, nil
}

// whoAmI asks who the connection is signed in as, for the audit trail; best effort and short.
func whoAmI(ctx context.Context, cl source.Client) string {
	id, ok := cl.(source.Identity)
	if !ok {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	who, err := id.WhoAmI(ctx)
	if err != nil {
		return ""
	}
	return who
}

// confirmAboveSetting holds how many sessions a bulk action may hold before the admin types
// the count to confirm it.
const confirmAboveSetting = "signout_confirm_above"

// SignOutConfirmAbove is the confirmation threshold of bulk actions (default 100).
func (w *Workspace) SignOutConfirmAbove(ctx context.Context) (int, error) { return w.confirmAbove(ctx) }

// SetSignOutConfirmAbove changes the confirmation threshold; 0 asks for the typed count on
// every bulk action.
func (w *Workspace) SetSignOutConfirmAbove(ctx context.Context, n int) error {
	if n < 0 || n > 1_000_000 {
		return fmt.Errorf("the confirmation threshold %d is outside 0–1000000", n)
	}
	return w.st.SetSetting(ctx, confirmAboveSetting, strconv.Itoa(n))
}

func (w *Workspace) confirmAbove(ctx context.Context) (int, error) {
	v, err := w.st.Setting(ctx, confirmAboveSetting, strconv.Itoa(DefaultConfirmAbove))
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return DefaultConfirmAbove, nil
	}
	return n, nil
}

// planNotes says plainly what the action does not do.
func planNotes(p BulkPlan) []string {
	if p.Action == jobs.ActionContain {
		return []string{"Blocking a user does not end the sessions they already have: sign them out too.",
			"Some servers take a while to apply it everywhere."}
	}
	notes := []string{"Signing out does not stop a new sign-in: block the user too (containment) where the server allows it."}
	if p.Contained > 0 {
		notes[0] = "The users are blocked first, so they cannot sign in again once their sessions are ended."
	}
	kinds := map[string]bool{}
	for _, o := range p.Orgs {
		if o.Items > 0 || o.Sessions > 0 {
			kinds[o.Kind] = true
		}
	}
	if kinds["salesforce"] {
		notes = append(notes, "Salesforce can take up to 30 minutes to end a session in some services; OAuth tokens already issued are not revoked by ending the session.")
	}
	if kinds["keycloak"] || kinds["kratos"] || kinds["auth0"] {
		notes = append(notes, "Access tokens already issued stay valid until they expire; the server stops renewing them.")
	}
	return notes
}

// refusal is a bulk action refused before anything was sent.
func refusal(code, msg string) error { return &CodedError{Code: code, Msg: msg} }

// checkStart refuses a plan that may not start as asked.
func checkStart(p BulkPlan, req BulkRequest) error {
	if req.Fingerprint != "" && req.Fingerprint != p.Fingerprint {
		return refusal(CodePlanChanged, fmt.Sprintf("the selection now plans differently from the preview (%d sessions): preview it again", p.Sessions))
	}
	if p.Items == 0 {
		return refusal(CodeNothingToDo, "nothing to do: "+leftOutText(p))
	}
	if p.ReasonRequired && strings.TrimSpace(req.Reason) == "" {
		return refusal(CodeReasonRequired, "say why: a reason is required for per-user, bulk and containment actions")
	}
	if p.ConfirmCount > 0 && req.Confirm != p.ConfirmCount {
		return refusal(CodeConfirmRequired, fmt.Sprintf("this acts on %d sessions: type %d to confirm", p.Sessions, p.ConfirmCount))
	}
	if p.ExistingJob != 0 {
		if p.ExistingState == store.JobDone {
			return refusal(CodeAlreadyRan, fmt.Sprintf("this plan already ran as job %d", p.ExistingJob))
		}
		return refusal(CodeAlreadyRan, fmt.Sprintf("this plan is job %d (%s): resume it instead of starting it again", p.ExistingJob, p.ExistingState))
	}
	return nil
}

// leftOutText sums up the exclusions of a plan.
func leftOutText(p BulkPlan) string {
	var parts []string
	for _, o := range p.Orgs {
		if o.Refused != "" {
			parts = append(parts, o.Connection+": "+o.Refused)
		}
		for _, e := range o.Excluded {
			if e.Code != jobs.ExclNotSupported {
				parts = append(parts, fmt.Sprintf("%s: %d left out (%s)", o.Connection, e.Count, e.Reason))
			}
		}
	}
	if len(parts) == 0 {
		return "no session matches"
	}
	slices.Sort(parts)
	return strings.Join(parts, "; ")
}

// IsRefusal reports whether err is a bulk action refused before anything was sent.
func IsRefusal(err error) bool {
	var ce *CodedError
	return errors.As(err, &ce)
}
