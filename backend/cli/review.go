package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// runReview runs `review start|list|show|mark|close`.
func runReview(ctx context.Context, home string, args []string, env Env) error {
	if len(args) == 0 {
		return fmt.Errorf("review: start, list, show, mark or close?: %w", ErrUsage)
	}
	action, rest := args[0], args[1:]
	fs := newFlags("review "+action, env, &home)
	var conns namesFlag
	title := fs.String("title", "", "the review's title (start)")
	fs.Var(&conns, "connection", "a connection to review (start; repeat for more; default: all) or the session's connection (mark)")
	asJSON := fs.Bool("json", false, "print JSON (list, show)")
	pending := fs.Bool("pending", false, "only sessions with a flag still undecided (show)")
	limit := fs.Int("limit", 200, "sessions to print (show)")
	item := fs.Int64("item", 0, "the review item (the # column of review show) to mark")
	sessionID := fs.String("session", "", "the session's id, with --connection (mark; --item is shorter)")
	rule := fs.String("rule", "", "mark only this rule's flags of the session (mark)")
	decision := fs.String("decision", "", "expected, signed-out or follow-up (mark)")
	note := fs.String("note", "", "why (mark)")
	reviewer := fs.String("reviewer", "", "who signs the review off (close)")
	pos, err := parseAnywhere(fs, rest)
	if err != nil {
		return err
	}
	var id int64
	if action != "start" && action != "list" {
		if len(pos) != 1 {
			return fmt.Errorf("review %s: give the review's number: %w", action, ErrUsage)
		}
		n, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("review %s: %q is not a review number: %w", action, pos[0], ErrUsage)
		}
		id = n
	} else if len(pos) != 0 {
		return fmt.Errorf("review %s: unexpected %q: %w", action, pos[0], ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	switch action {
	case "start":
		var ids []int64
		for _, name := range conns {
			c, err := connectionNamed(ctx, ws, name)
			if err != nil {
				return err
			}
			ids = append(ids, c.ID)
		}
		r, err := ws.StartReview(ctx, *title, ids)
		if err != nil {
			return err
		}
		since := "the first review"
		if r.SinceReviewID > 0 {
			since = fmt.Sprintf("compared with review %d", r.SinceReviewID)
		}
		fmt.Fprintf(env.Stdout, "review %d %q started: %d flagged sessions in %d connections (%s)\n", r.ID, r.Title, r.Items,
			len(r.Snapshots), since)
		return nil
	case "list":
		list, err := ws.Reviews(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			out := make([]map[string]any, 0, len(list))
			for _, r := range list {
				out = append(out, reviewJSON(r))
			}
			return writeJSON(env.Stdout, out)
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "#\tTITLE\tSTARTED\tBY\tREVIEWED\tCLOSED\tSIGNED OFF BY")
		for _, r := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d of %d\t%s\t%s\n", r.ID, r.Title, stamp(r.StartedAt), r.StartedBy, r.Reviewed, r.Items,
				stamp(r.ClosedAt), r.ClosedBy)
		}
		return tw.Flush()
	case "show":
		return reviewShow(ctx, ws, env, id, *pending, *limit, *asJSON)
	case "mark":
		m := workspace.Mark{ItemID: *item, SessionID: *sessionID, Rule: workspace.Rule(strings.ReplaceAll(*rule, "-", "_")),
			Decision: strings.ReplaceAll(strings.ToLower(strings.TrimSpace(*decision)), "-", "_"), Note: *note}
		if (m.ItemID == 0) == (m.SessionID == "") || (m.SessionID != "" && len(conns) != 1) {
			return fmt.Errorf("review mark: give --item N, or --connection NAME and --session ID: %w", ErrUsage)
		}
		if m.SessionID != "" {
			c, err := connectionNamed(ctx, ws, conns[0])
			if err != nil {
				return err
			}
			m.ConnectionID = c.ID
		}
		it, err := ws.MarkReview(ctx, id, m)
		if err != nil {
			return err
		}
		r, err := ws.Review(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "marked #%d %s %s: %s; review %d: %d of %d flagged sessions reviewed\n", it.ID, it.Connection,
			it.Username, m.Decision, r.ID, r.Reviewed, r.Items)
		return nil
	case "close":
		r, err := ws.CloseReview(ctx, id, *reviewer)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "review %d closed by %s at %s: %d of %d flagged sessions reviewed; it is read-only now\n",
			r.ID, r.ClosedBy, stamp(r.ClosedAt), r.Reviewed, r.Items)
		return nil
	}
	return fmt.Errorf("review: unknown action %q: %w", action, ErrUsage)
}

func reviewShow(ctx context.Context, ws *workspace.Workspace, env Env, id int64, pending bool, limit int, asJSON bool) error {
	r, err := ws.Review(ctx, id)
	if err != nil {
		return err
	}
	items, total, err := ws.ReviewItems(ctx, id, workspace.ReviewItemsQuery{Pending: pending, Limit: min(max(limit, 1), 1000)})
	if err != nil {
		return err
	}
	secret := secretKinds(ctx, ws)
	if asJSON {
		out := reviewJSON(r)
		list := make([]map[string]any, 0, len(items))
		for _, it := range items {
			flags := make([]map[string]any, 0, len(it.Flags))
			for _, f := range it.Flags {
				flags = append(flags, map[string]any{"rule": f.Rule, "severity": f.Severity.String(), "reason": f.Reason,
					"decision": f.Decision, "note": f.Note, "marked_by": f.MarkedBy, "marked_at": optStamp(f.MarkedAt)})
			}
			list = append(list, map[string]any{"item": it.ID, "connection": it.Connection, "session_id": shown(secret, it),
				"username": it.Username, "severity": it.Severity.String(), "decision": it.Decision, "note": it.Note,
				"reviewed": it.Reviewed(), "flags": flags})
		}
		out["items"], out["items_listed"] = list, total
		return writeJSON(env.Stdout, out)
	}
	state := "open"
	if r.Closed() {
		state = fmt.Sprintf("closed by %s at %s (read-only)", r.ClosedBy, stamp(r.ClosedAt))
	}
	fmt.Fprintf(env.Stdout, "review %d %q, started %s by %s, %s: %d of %d flagged sessions reviewed\n", r.ID, r.Title,
		stamp(r.StartedAt), r.StartedBy, state, r.Reviewed, r.Items)
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tORG\tUSERNAME\tSESSION\tSEVERITY\tRULE\tREASON\tDECISION\tNOTE")
	for _, it := range items {
		for _, f := range it.Flags {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", it.ID, it.Connection, it.Username, shown(secret, it),
				f.Severity, f.Rule, f.Reason, f.Decision, f.Note)
		}
	}
	if len(items) < total {
		fmt.Fprintf(tw, "… %d more (--limit)\n", total-len(items))
	}
	return tw.Flush()
}

// secretKinds maps connection names to whether their session ids are bearer credentials.
func secretKinds(ctx context.Context, ws *workspace.Workspace) map[string]bool {
	out := map[string]bool{}
	if conns, err := ws.Connections(ctx); err == nil {
		for _, c := range conns {
			out[c.Name] = ws.SessionIDIsSecret(c.Kind)
		}
	}
	return out
}

// shown is a reviewed session's id as it may be printed: shortened when it is a credential, or
// when its connection is gone and nobody can tell any more.
func shown(secret map[string]bool, it workspace.ReviewItem) string {
	if s, known := secret[it.Connection]; s || !known {
		return session.ShortID(it.SessionID)
	}
	return it.SessionID
}

func reviewJSON(r workspace.Review) map[string]any {
	snaps := make([]map[string]any, 0, len(r.Snapshots))
	for _, p := range r.Snapshots {
		snaps = append(snaps, map[string]any{"connection": p.Connection, "snapshot": p.SnapshotID, "snapshot_at": stamp(p.SnapshotAt),
			"since_snapshot": p.SinceSnapshotID})
	}
	return map[string]any{"id": r.ID, "title": r.Title, "started_at": stamp(r.StartedAt), "started_by": r.StartedBy,
		"since_review": r.SinceReviewID, "closed": r.Closed(), "closed_at": optStamp(r.ClosedAt), "closed_by": r.ClosedBy,
		"flagged": r.Items, "reviewed": r.Reviewed, "snapshots": snaps}
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func optStamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := stamp(t)
	return &s
}

// namesFlag collects a repeated string flag.
type namesFlag []string

func (n *namesFlag) String() string { return strings.Join(*n, ",") }

func (n *namesFlag) Set(v string) error {
	*n = append(*n, v)
	return nil
}
