package workspace

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"sessionscope/backend/report"
	"sessionscope/backend/session"
	"sessionscope/backend/store"
)

// The review report (backend/report lays it out): the review's orgs and snapshot times, the
// totals, sessions by country and by type and flags by rule as charts, every flagged session
// with its reasons and decisions, the actions of the audit trail over the review's period, and
// the sign-off. It reads only, so it works on a bundle too: an auditor makes it from the file.

// reportActionsMax bounds the audit entries a report lists.
const reportActionsMax = 5000

// ReviewReport writes the HTML report of a review.
func (w *Workspace) ReviewReport(ctx context.Context, reviewID int64, out io.Writer) error {
	r, err := w.st.Review(ctx, reviewID)
	if err != nil {
		return reviewError(err)
	}
	d := report.Data{Title: r.Title, ReviewID: r.ID, StartedAt: r.StartedAt, StartedBy: r.StartedBy, ClosedAt: r.ClosedAt,
		ClosedBy: r.ClosedBy, GeneratedAt: time.Now(), GeneratedBy: w.opts.Actor,
		Source: "workspace " + filepath.Base(w.opts.Home)}
	if b, ok := w.Bundle(); ok {
		d.Source = fmt.Sprintf("bundle %s, signed by %s (%s)", filepath.Base(b.File), b.Fingerprint(), b.Trust)
	}
	if err := w.reportSnapshots(ctx, r, &d); err != nil {
		return err
	}
	if err := w.reportItems(ctx, r, &d); err != nil {
		return err
	}
	if d.Actions, err = w.reportActions(ctx, r); err != nil {
		return err
	}
	return report.Render(out, d)
}

func (w *Workspace) reportSnapshots(ctx context.Context, r Review, d *report.Data) error {
	all, err := w.Snapshots(ctx, 0)
	if err != nil {
		return err
	}
	count := map[int64]int{}
	for _, s := range all {
		count[s.ID] = s.SessionCount
	}
	var ids []int64
	for _, s := range r.Snapshots {
		d.Orgs = append(d.Orgs, report.Org{Name: s.Connection, SnapshotAt: s.SnapshotAt, Sessions: count[s.SnapshotID]})
		d.Sessions += count[s.SnapshotID]
		ids = append(ids, s.SnapshotID)
	}
	b, err := w.st.SnapshotBreakdown(ctx, ids)
	if err != nil {
		return err
	}
	d.ByCountry = report.NewChart("Sessions by country", b.Countries, "unknown")
	d.ByType = report.NewChart("Sessions by type", b.Types, "unknown")
	if b.Sessions < d.Sessions {
		d.ByCountry.Title += fmt.Sprintf(" (%d of %d sessions still kept)", b.Sessions, d.Sessions)
		d.ByType.Title += fmt.Sprintf(" (%d of %d sessions still kept)", b.Sessions, d.Sessions)
	}
	return nil
}

func (w *Workspace) reportItems(ctx context.Context, r Review, d *report.Data) error {
	conns, err := w.st.Connections(ctx)
	if err != nil {
		return err
	}
	secretIDs := map[int64]bool{}
	for _, c := range conns {
		secretIDs[c.ID] = w.SessionIDIsSecret(c.Kind)
	}
	rules, decided := map[string]int{}, map[string]int{}
	for offset := 0; ; {
		items, total, err := w.st.ReviewItems(ctx, r.ID, ReviewItemsQuery{Offset: offset, Limit: 1000})
		if err != nil {
			return reviewError(err)
		}
		for _, it := range items {
			id := it.SessionID
			if secretIDs[it.ConnectionID] {
				id = session.ShortID(id)
			}
			ri := report.Item{Connection: it.Connection, Username: it.Username, SessionID: id, Severity: it.Severity.String(),
				Decision: it.Decision, Note: it.Note, MarkedBy: it.MarkedBy, MarkedAt: it.MarkedAt}
			for _, f := range it.Flags {
				ri.Flags = append(ri.Flags, report.Flag{Rule: string(f.Rule), Severity: f.Severity.String(), Reason: f.Reason,
					Decision: f.Decision, Note: f.Note})
				rules[string(f.Rule)]++
				if f.Decision == "" {
					decided["flags undecided"]++
				} else {
					decided["flags "+f.Decision]++
				}
				if ri.MarkedBy == "" {
					ri.MarkedBy = f.MarkedBy
				}
			}
			if it.Reviewed() {
				d.Reviewed++
			}
			d.Flagged = append(d.Flagged, ri)
		}
		offset += len(items)
		d.Items = total
		if len(items) == 0 || offset >= total {
			break
		}
	}
	d.ByRule = report.NewChart("Flags by rule", rules, "unknown")
	for _, k := range []string{"flags " + DecisionExpected, "flags " + DecisionSignedOut, "flags " + DecisionFollowUp, "flags undecided"} {
		if decided[k] > 0 {
			d.Decided = append(d.Decided, report.Count{Label: k, N: decided[k]})
		}
	}
	return nil
}

// reportActions lists the audit entries of the review's period (start to sign-off, or now),
// oldest first.
func (w *Workspace) reportActions(ctx context.Context, r Review) ([]report.Action, error) {
	f := store.AuditFilter{From: r.StartedAt, Limit: 1000}
	if r.Closed() {
		f.To = r.ClosedAt.Add(time.Millisecond)
	}
	var out []report.Action
	for len(out) < reportActionsMax {
		page, err := w.st.AuditQuery(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			out = append(out, report.Action{At: e.At, Actor: e.Actor, Action: e.Action, Connection: e.Connection,
				Target: e.Target, Reason: e.Reason, Result: e.Result})
		}
		if len(page) < f.Limit {
			break
		}
		f.BeforeID = page[len(page)-1].ID
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 { // newest first → oldest first
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}
