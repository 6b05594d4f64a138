package workspace

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"sessionscope/backend/risk"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/store"
)

// Flags: which sessions look suspicious, and why (issue 12). The rules live in backend/risk,
// the stored flags in backend/store; the workspace resolves each connection's policy (the
// defaults, the server's session settings, the admin's overrides), runs a connection's pass
// when its refresh completes and again when its policy changes, and serves flags to the
// window and the command line.

// Types of flags, for callers that import only the workspace.
type (
	Rule        = risk.Rule
	Severity    = risk.Severity
	RuleInfo    = risk.RuleInfo
	FlagSummary = store.FlagSummary
	FlagCount   = store.FlagCount
	RuleCount   = store.RuleCount
	RowFlag     = store.RowFlag
)

// Severities.
const (
	SeverityHigh   = risk.High
	SeverityMedium = risk.Medium
	SeverityLow    = risk.Low
)

// Rules describes every rule, in display order.
func (w *Workspace) Rules() []RuleInfo { return append([]RuleInfo(nil), risk.Rules...) }

// flagLocks holds one lock per (workspace, connection): a refresh's pass and a policy change's
// must not interleave, or the later snapshot could keep flags of the earlier policy.
var flagLocks sync.Map

type flagLockKey struct {
	w  *Workspace
	id int64
}

func (w *Workspace) lockFlags(connectionID int64) func() {
	m, _ := flagLocks.LoadOrStore(flagLockKey{w, connectionID}, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// ComputeFlags judges a connection's current snapshot with its policy, from the stored rows
// (nothing is fetched), and stores the flags.
func (w *Workspace) ComputeFlags(ctx context.Context, connectionID int64) (FlagSummary, error) {
	defer w.lockFlags(connectionID)()
	return w.computeFlags(ctx, connectionID)
}

func (w *Workspace) computeFlags(ctx context.Context, connectionID int64) (FlagSummary, error) {
	c, err := w.st.Connection(ctx, connectionID)
	if err != nil {
		return FlagSummary{}, err
	}
	if c.Current == nil {
		return FlagSummary{}, &CodedError{CodeNoSnapshot, c.Name + " has not been refreshed yet: there is nothing to judge"}
	}
	r, err := w.resolvePolicy(ctx, connectionID)
	if err != nil {
		return FlagSummary{}, err
	}
	return w.st.ComputeFlags(ctx, c.Current.ID, r.Policy)
}

// serverPolicyTimeout bounds reading the server's session settings after a refresh.
const serverPolicyTimeout = 15 * time.Second

// afterRefresh runs when a connection's refresh completed: it reads the server's session
// settings where the connector can, then judges the new snapshot. Neither failing undoes the
// refresh; both are logged (the flags then lag until the next refresh or policy change).
func (w *Workspace) afterRefresh(ctx context.Context, c session.Connection, cl source.Client) {
	ctx = context.WithoutCancel(ctx)
	defer w.lockFlags(c.ID)()
	if pr, ok := cl.(source.PolicyReader); ok {
		pctx, cancel := context.WithTimeout(ctx, serverPolicyTimeout)
		p, err := pr.SessionPolicy(pctx)
		cancel()
		if err == nil {
			err = w.st.SetServerPolicy(ctx, c.ID, serverLimits(p), p.Raw)
		}
		if err != nil {
			w.log.Warn("reading the server's session settings failed; the last ones read stay in use", "connection", c.Name, "err", err)
		}
	}
	if _, err := w.computeFlags(ctx, c.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		w.log.Warn("computing flags failed", "connection", c.Name, "err", err)
	}
}

// serverLimits is the longest the server lets an interactive session live and idle. Keycloak
// gives remember-me sessions their own, longer limits when the realm allows remember me: those
// count, or every remembered session would be flagged against the shorter ones.
func serverLimits(p source.Policy) risk.Server {
	s := risk.Server{IdleTimeout: p.IdleTimeout, MaxLifespan: p.MaxLifespan}
	if p.Raw["rememberMe"] != "true" {
		return s
	}
	secs := func(k string) time.Duration {
		n, err := strconv.ParseInt(p.Raw[k], 10, 64)
		if err != nil || n <= 0 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if d := secs("ssoSessionIdleTimeoutRememberMe"); d > s.IdleTimeout && s.IdleTimeout > 0 {
		s.IdleTimeout = d
	}
	if d := secs("ssoSessionMaxLifespanRememberMe"); d > s.MaxLifespan && s.MaxLifespan > 0 {
		s.MaxLifespan = d
	}
	return s
}

// FlaggedWindow is the Flagged view: a window of the current flagged sessions matching q's
// filter, most severe first, then newest activity (q.Sort is ignored), and their number.
func (w *Workspace) FlaggedWindow(ctx context.Context, q session.Query) ([]store.Row, int, error) {
	return w.st.FlaggedWindow(ctx, q)
}

// FlagsOf returns the flags of session rows (by store.Row.RowID), most severe first; rows
// without flags are absent. A window of the table asks once for all its rows.
func (w *Workspace) FlagsOf(ctx context.Context, rowIDs []int64) (map[int64][]RowFlag, error) {
	return w.st.FlagsOfRows(ctx, rowIDs)
}

// SessionFlags returns the flags of one session of a connection's current snapshot.
func (w *Workspace) SessionFlags(ctx context.Context, connectionID int64, sessionID string) ([]RowFlag, error) {
	r, err := w.st.CurrentSession(ctx, connectionID, sessionID)
	if err != nil {
		return nil, err
	}
	m, err := w.st.FlagsOfRows(ctx, []int64{r.RowID})
	return m[r.RowID], err
}

// FlagCounts counts the flags of the current snapshots per connection and rule (all
// connections when ids is empty).
func (w *Workspace) FlagCounts(ctx context.Context, ids []int64) ([]FlagCount, error) {
	return w.st.FlagCounts(ctx, ids)
}

// Error codes of flags, policies and reviews.
const (
	CodeNoSnapshot    = "no_snapshot"    // the connection was never refreshed
	CodeInvalidPolicy = "invalid_policy" // a policy change that does not parse: see PolicyError's fields
	CodeReviewClosed  = "review_closed"  // a closed review refuses every change
	CodeReviewOpen    = "review_open"    // another review is open
	CodeReviewInput   = "review_input"   // a mark or close that cannot be done as asked
)

// reviewError gives store errors of reviews their codes.
func reviewError(err error) error {
	var re *store.ReviewError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrReviewClosed):
		return &CodedError{CodeReviewClosed, err.Error()}
	case errors.Is(err, store.ErrReviewOpen):
		return &CodedError{CodeReviewOpen, err.Error()}
	case errors.As(err, &re):
		return &CodedError{CodeReviewInput, re.Msg}
	}
	return err
}
