package workspace

import (
	"context"
	"fmt"
	"slices"

	"sessionscope/backend/session"
	"sessionscope/backend/store"
)

// The weekly review (issue 12): start one (it pins the current snapshots and their flagged
// sessions), mark each session or flag with a decision and a note, close it with the
// reviewer's name; it is read-only afterwards. Reviews feed the offline report.

// Types of reviews, for callers that import only the workspace.
type (
	Review           = store.Review
	ReviewSnapshot   = store.ReviewSnapshot
	ReviewItem       = store.ReviewItem
	ReviewFlag       = store.ReviewFlag
	ReviewMark       = store.ReviewMark
	Mark             = store.Mark
	ReviewItemsQuery = store.ReviewItemsQuery
)

// Review decisions.
const (
	DecisionExpected  = store.DecisionExpected  // reviewed — expected
	DecisionSignedOut = store.DecisionSignedOut // reviewed — signed out
	DecisionFollowUp  = store.DecisionFollowUp  // needs follow-up
)

// Decisions lists the decisions a mark may carry.
func (w *Workspace) Decisions() []string { return append([]string(nil), store.Decisions...) }

// StartReview opens a review of the given connections' current snapshots (all when ids is
// empty), compared with the last closed review. Snapshots refreshed before flags existed are
// judged first, so the review covers them too.
func (w *Workspace) StartReview(ctx context.Context, title string, ids []int64) (Review, error) {
	conns, err := w.st.Connections(ctx)
	if err != nil {
		return Review{}, err
	}
	counts, err := w.st.FlagCounts(ctx, ids)
	if err != nil {
		return Review{}, err
	}
	judged := map[int64]bool{}
	for _, fc := range counts {
		judged[fc.ConnectionID] = fc.Computed
	}
	for _, c := range conns {
		if c.Current != nil && !judged[c.ID] && (len(ids) == 0 || slices.Contains(ids, c.ID)) {
			if _, err := w.ComputeFlags(ctx, c.ID); err != nil {
				return Review{}, fmt.Errorf("judge %s before the review: %w", c.Name, err)
			}
		}
	}
	entry := session.AuditEntry{Actor: w.opts.Actor, Action: "review.start", Reason: title, Result: "started"}
	r, err := w.st.StartReview(ctx, title, w.opts.Actor, ids, entry)
	return r, reviewError(err)
}

// MarkReview records a decision and note on a flagged session of an open review (m.Rule set:
// on that rule's flags of it only) and returns the session's item as it now stands.
func (w *Workspace) MarkReview(ctx context.Context, reviewID int64, m Mark) (ReviewItem, error) {
	it, err := w.st.MarkReview(ctx, reviewID, m, w.opts.Actor)
	return it, reviewError(err)
}

// CloseReview signs an open review off with the reviewer's name and the time; it is
// read-only afterwards (changes are refused with CodeReviewClosed).
func (w *Workspace) CloseReview(ctx context.Context, reviewID int64, reviewer string) (Review, error) {
	r, err := w.st.Review(ctx, reviewID)
	if err != nil {
		return r, err
	}
	entry := session.AuditEntry{Actor: w.opts.Actor, Action: "review.close", Reason: r.Title, Result: "closed",
		Detail: fmt.Sprintf("%d of %d flagged sessions reviewed; signed off by %s", r.Reviewed, r.Items, reviewer)}
	r, err = w.st.CloseReview(ctx, reviewID, reviewer, entry)
	return r, reviewError(err)
}

// Reviews lists every review, newest first, with its progress.
func (w *Workspace) Reviews(ctx context.Context) ([]Review, error) { return w.st.Reviews(ctx) }

// Review returns one review with the snapshots it covers and its progress.
func (w *Workspace) Review(ctx context.Context, id int64) (Review, error) {
	return w.st.Review(ctx, id)
}

// OpenReview returns the review being worked on, if any.
func (w *Workspace) OpenReview(ctx context.Context) (Review, bool, error) {
	return w.st.OpenReview(ctx)
}

// ReviewItems returns a window of a review's flagged sessions, most severe first.
func (w *Workspace) ReviewItems(ctx context.Context, id int64, q ReviewItemsQuery) ([]ReviewItem, int, error) {
	items, n, err := w.st.ReviewItems(ctx, id, q)
	return items, n, reviewError(err)
}

// ReviewMarks returns a review's marks in the order they were made.
func (w *Workspace) ReviewMarks(ctx context.Context, id int64) ([]ReviewMark, error) {
	return w.st.ReviewMarks(ctx, id)
}

// ReviewChange is what changed in one connection since the review the given one compares with.
type ReviewChange struct {
	Connection string
	Diff       *store.Diff // nil when there is nothing to compare with, or it is gone
	Note       string      // why there is no diff
}

// ReviewChanges compares each snapshot a review covers with the one the previous closed review
// covered ("since the last review").
func (w *Workspace) ReviewChanges(ctx context.Context, id int64) ([]ReviewChange, error) {
	r, err := w.st.Review(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []ReviewChange
	for _, p := range r.Snapshots {
		ch := ReviewChange{Connection: p.Connection}
		switch {
		case p.SinceSnapshotID == 0:
			ch.Note = "not in an earlier closed review"
		case p.SinceSnapshotID == p.SnapshotID:
			ch.Note = "not refreshed since the last review"
		default:
			d, err := w.st.CompareSnapshots(ctx, p.ConnectionID, p.SinceSnapshotID, p.SnapshotID)
			if err != nil {
				ch.Note = "cannot compare: " + err.Error()
			} else {
				ch.Diff = &d
			}
		}
		out = append(out, ch)
	}
	return out, nil
}
