package workspace

import (
	"sessionscope/backend/jobs"
	"sessionscope/backend/store"
)

// The types and values of bulk sign-out and containment that the use cases take and return,
// re-exported so the window and the command line name them from here.
type (
	// OrgPlan is what a bulk action will do on one connection; Exclusion a group of selected
	// sessions it leaves out and why; MatchedIdentity an account a per-user action matched.
	OrgPlan         = jobs.OrgPlan
	Exclusion       = jobs.Exclusion
	MatchedIdentity = jobs.Identity
	// SignOutProgress is a running job's progress (about ten events a second); OrgProgress one
	// connection's part of it.
	SignOutProgress = jobs.SignOutProgress
	OrgProgress     = jobs.OrgProgress
	// SignOutJob is a persisted bulk job; JobOrg one connection's part; JobItem one session or
	// user of it; ItemCounts its items by state; RecheckCounts what a re-check found.
	SignOutJob    = store.SignOutJob
	JobOrg        = store.JobOrg
	JobItem       = store.JobItem
	ItemCounts    = store.ItemCounts
	RecheckCounts = store.RecheckCounts
	// AuditFilter selects audit entries; AuditCheck is what verifying the trail found.
	AuditFilter = store.AuditFilter
	AuditCheck  = store.AuditCheck
)

// Bulk actions.
const (
	ActionSignOut = jobs.ActionSignOut
	ActionContain = jobs.ActionContain
)

// Job states.
const (
	JobReady        = store.JobReady
	JobRunning      = store.JobRunning
	JobDone         = store.JobDone
	JobPartlyFailed = store.JobPartlyFailed
	JobFailed       = store.JobFailed
	JobCanceled     = store.JobCanceled
	JobIncomplete   = store.JobIncomplete
	JobInterrupted  = store.JobInterrupted
)

// Item states.
const (
	ItemPending     = store.ItemPending
	ItemSending     = store.ItemSending
	ItemEnded       = store.ItemEnded
	ItemAlreadyGone = store.ItemAlreadyGone
	ItemContained   = store.ItemContained
	ItemFailed      = store.ItemFailed
)

// Item methods.
const (
	MethodBatch   = store.MethodBatch
	MethodSession = store.MethodSession
	MethodUser    = store.MethodUser
	MethodContain = store.MethodContain
)

// Exclusion codes.
const (
	ExclOwnSession   = jobs.ExclOwnSession
	ExclOwnUser      = jobs.ExclOwnUser
	ExclSignedOut    = jobs.ExclSignedOut
	ExclExpired      = jobs.ExclExpired
	ExclInJob        = jobs.ExclInJob
	ExclGone         = jobs.ExclGone
	ExclNoUser       = jobs.ExclNoUser
	ExclNotSupported = jobs.ExclNotSupported
)
