package app

import (
	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// The types in this file cross the bridge for bulk sign-out: what the window selects, the plan
// it previews, the jobs and their per-session results. Times are RFC 3339 strings, as
// elsewhere; session ids that are bearer credentials arrive shortened in job items.

// SelectionView is what a bulk action acts on: ticked rows (keys), or a filter and/or one
// person minus the rows unticked afterwards (exclude). "Select all N matching" stays a filter.
type SelectionView struct {
	Keys    []session.SessionKey `json:"keys"`
	Filter  *SessionFilter       `json:"filter"` // nil = not by filter; connectionIds empty = every org
	User    string               `json:"user"`   // one person across orgs: username / e-mail or user id
	Exclude []session.SessionKey `json:"exclude"`
}

// BulkRequestView asks for a plan or a start of a bulk sign-out or containment.
type BulkRequestView struct {
	Action      string        `json:"action"` // signout (default) | contain
	Selection   SelectionView `json:"selection"`
	UserWide    bool          `json:"userWide"` // end a user's sessions with one call per user where the server can
	Contain     bool          `json:"contain"`  // also block the users from signing in again
	Reason      string        `json:"reason"`
	Confirm     int           `json:"confirm"`     // the count the admin typed
	Fingerprint string        `json:"fingerprint"` // the previewed plan's: refused if the selection now plans otherwise
}

// OrgPlanView is what a bulk action will do on one connection.
type OrgPlanView struct {
	ConnectionID int64                 `json:"connectionId"`
	Connection   string                `json:"connection"`
	Kind         string                `json:"kind"`
	Method       string                `json:"method"` // batch | session | user | contain; "" = nothing sent
	Sessions     int                   `json:"sessions"`
	Users        int                   `json:"users"`
	Items        int                   `json:"items"`
	BatchSize    int                   `json:"batchSize"`
	Calls        int                   `json:"calls"`
	Remaining    int64                 `json:"remaining"` // -1 = the server does not say
	Limit        string                `json:"limit"`
	OverLimit    bool                  `json:"overLimit"`
	Admin        string                `json:"admin"`
	Excluded     []workspace.Exclusion `json:"excluded"`
	Contained    int                   `json:"contained"`
	Warnings     []string              `json:"warnings"`
	Refused      string                `json:"refused"`
	SnapshotAt   string                `json:"snapshotAt"`
}

// PlanView is the preview of a bulk action, per org, before anything is sent.
type PlanView struct {
	Action         string                      `json:"action"`
	Identities     []workspace.MatchedIdentity `json:"identities"`
	Orgs           []OrgPlanView               `json:"orgs"`
	Sessions       int                         `json:"sessions"`
	Contained      int                         `json:"contained"`
	Items          int                         `json:"items"`
	Calls          int                         `json:"calls"`
	ReasonRequired bool                        `json:"reasonRequired"`
	ConfirmCount   int                         `json:"confirmCount"` // type this number to confirm; 0 = no need
	Notes          []string                    `json:"notes"`
	Fingerprint    string                      `json:"fingerprint"`
	ExistingJob    int64                       `json:"existingJob"`
	ExistingState  string                      `json:"existingState"`
}

// JobView is one persisted bulk job.
type JobView struct {
	ID              int64                `json:"id"`
	CreatedAt       string               `json:"createdAt"`
	FinishedAt      string               `json:"finishedAt"`
	Action          string               `json:"action"`
	Actor           string               `json:"actor"`
	Reason          string               `json:"reason"`
	State           string               `json:"state"` // ready | running | done | partly_failed | failed | canceled | incomplete | interrupted
	Total           int                  `json:"total"`
	Orgs            []workspace.JobOrg   `json:"orgs"`
	CancelRequested bool                 `json:"cancelRequested"`
	RecheckedAt     string               `json:"recheckedAt"`
	Message         string               `json:"message"`
	Counts          workspace.ItemCounts `json:"counts"`
}

// JobItemView is one session (or user) of a job and its result.
type JobItemView struct {
	Seq          int64  `json:"seq"`
	ConnectionID int64  `json:"connectionId"`
	Method       string `json:"method"`
	Target       string `json:"target"` // a credential-like session id is shortened
	UserID       string `json:"userId"`
	Username     string `json:"username"`
	Sessions     int    `json:"sessions"`
	State        string `json:"state"` // pending | sending | ended | already_gone | contained | failed
	Message      string `json:"message"`
	Attempts     int    `json:"attempts"`
	UpdatedAt    string `json:"updatedAt"`
	Recheck      string `json:"recheck"` // gone | still_listed | ""
}

// JobDone is the payload of the "signout:done" event: the job once it has stopped and been
// re-checked, or why it could not run.
type JobDone struct {
	JobID     int64   `json:"jobId"`
	Job       JobView `json:"job"`
	Error     string  `json:"error"`
	ErrorCode string  `json:"errorCode"`
}

func (s SelectionView) toSelection() (session.Selection, error) {
	out := session.Selection{Keys: s.Keys, User: s.User, Exclude: s.Exclude}
	if s.Filter != nil {
		f, err := s.Filter.toFilter()
		if err != nil {
			return out, err
		}
		out.Filter = &f
	}
	return out, nil
}

func (r BulkRequestView) toRequest() (workspace.BulkRequest, error) {
	sel, err := r.Selection.toSelection()
	return workspace.BulkRequest{Action: r.Action, Selection: sel, UserWide: r.UserWide, Contain: r.Contain,
		Reason: r.Reason, Confirm: r.Confirm, Fingerprint: r.Fingerprint}, err
}

func toPlanView(p workspace.BulkPlan) PlanView {
	v := PlanView{Action: p.Action, Identities: p.Identities, Orgs: make([]OrgPlanView, len(p.Orgs)), Sessions: p.Sessions,
		Contained: p.Contained, Items: p.Items, Calls: p.Calls, ReasonRequired: p.ReasonRequired, ConfirmCount: p.ConfirmCount,
		Notes: nonNilStrings(p.Notes), Fingerprint: p.Fingerprint, ExistingJob: p.ExistingJob, ExistingState: p.ExistingState}
	if v.Identities == nil {
		v.Identities = []workspace.MatchedIdentity{}
	}
	for i, o := range p.Orgs {
		v.Orgs[i] = OrgPlanView{ConnectionID: o.ConnectionID, Connection: o.Connection, Kind: o.Kind, Method: o.Method,
			Sessions: o.Sessions, Users: o.Users, Items: o.Items, BatchSize: o.BatchSize, Calls: o.Calls, Remaining: o.Remaining,
			Limit: o.Limit, OverLimit: o.OverLimit, Admin: o.Admin, Excluded: o.Excluded, Contained: o.Contained,
			Warnings: nonNilStrings(o.Warnings), Refused: o.Refused, SnapshotAt: rfc3339(o.SnapshotAt)}
		if v.Orgs[i].Excluded == nil {
			v.Orgs[i].Excluded = []workspace.Exclusion{}
		}
	}
	return v
}

func toJobView(j workspace.SignOutJob) JobView {
	v := JobView{ID: j.ID, CreatedAt: rfc3339(j.CreatedAt), FinishedAt: rfc3339(j.FinishedAt), Action: j.Action, Actor: j.Actor,
		Reason: j.Reason, State: j.State, Total: j.Total, Orgs: j.Orgs, CancelRequested: j.CancelRequested,
		RecheckedAt: rfc3339(j.RecheckedAt), Message: j.Message, Counts: j.Counts}
	if v.Orgs == nil {
		v.Orgs = []workspace.JobOrg{}
	}
	return v
}

func toItemView(it workspace.JobItem) JobItemView {
	return JobItemView{Seq: it.Seq, ConnectionID: it.ConnectionID, Method: it.Method, Target: it.Target, UserID: it.UserID,
		Username: it.Username, Sessions: it.Sessions, State: it.State, Message: it.Message, Attempts: it.Attempts,
		UpdatedAt: rfc3339(it.UpdatedAt), Recheck: it.Recheck}
}

// progressView keeps Go's nil slices from crossing as null.
func progressView(p workspace.SignOutProgress) workspace.SignOutProgress {
	if p.Orgs == nil {
		p.Orgs = []workspace.OrgProgress{}
	}
	return p
}
