package app

import (
	"context"
	"strconv"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// FlagsService answers the Flagged view, the flag badges of the table, the detail pane and the
// sidebar, and the policy editor (policy.go).
type FlagsService struct{ ws *workspace.Workspace }

// Flag is one flag of a session: why it looks suspicious.
type Flag struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // high | medium | low
	Reason   string `json:"reason"`   // one line, with the numbers
	Sessions int    `json:"sessions"` // how many sessions the finding involves (a travel leg: 2)
}

// RuleView describes one rule, for the filter picker and the labels.
type RuleView struct {
	Rule     string `json:"rule"`
	Label    string `json:"label"`
	Help     string `json:"help"`
	Severity string `json:"severity"` // its usual severity
}

// FlagCountView is what one org's current snapshot is flagged for (the sidebar).
type FlagCountView struct {
	ConnectionID int64           `json:"connectionId"`
	Connection   string          `json:"connection"`
	Computed     bool            `json:"computed"` // false: never judged (refreshed before flags existed)
	ComputedAt   string          `json:"computedAt"`
	Sessions     int             `json:"sessions"`
	Flagged      int             `json:"flagged"` // sessions with at least one flag
	High         int             `json:"high"`    // flagged sessions by their most severe flag
	Medium       int             `json:"medium"`
	Low          int             `json:"low"`
	Rules        []RuleCountView `json:"rules"`
}

// RuleCountView is one rule's findings in a snapshot and the sessions they involve.
type RuleCountView struct {
	Rule     string `json:"rule"`
	Flags    int    `json:"flags"`
	Sessions int    `json:"sessions"`
}

func toFlags(in []workspace.RowFlag) []Flag {
	out := make([]Flag, len(in))
	for i, f := range in {
		out[i] = Flag{Rule: string(f.Rule), Severity: f.Severity.String(), Reason: f.Reason, Sessions: f.Sessions}
	}
	return out
}

// withFlags sets the flags of each row (out[i] is rows[i]), asking once for all of them.
func withFlags(ctx context.Context, ws *workspace.Workspace, rows []workspace.Row, out []SessionRow) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.RowID
	}
	m, err := ws.FlagsOf(ctx, ids)
	if err != nil {
		return err
	}
	for i, r := range rows {
		if f, ok := m[r.RowID]; ok {
			out[i].Flags = toFlags(f)
		}
	}
	return nil
}

// Rules describes every rule, in display order.
func (s *FlagsService) Rules() []RuleView {
	rules := s.ws.Rules()
	out := make([]RuleView, len(rules))
	for i, r := range rules {
		out[i] = RuleView{Rule: string(r.Rule), Label: r.Label, Help: r.Help, Severity: r.Severity.String()}
	}
	return out
}

// Flagged returns one window of the flagged sessions matching the filter, most severe first
// (q.Sort is ignored), each with its flags, and how many there are.
func (s *FlagsService) Flagged(q SessionQuery) (SessionPage, error) {
	f, err := q.Filter.toFilter()
	if err != nil {
		return SessionPage{}, err
	}
	ctx := context.Background()
	rows, total, err := s.ws.FlaggedWindow(ctx, session.Query{Filter: f, Offset: q.Offset, Limit: q.Limit})
	if err != nil {
		return SessionPage{}, err
	}
	page := SessionPage{Rows: make([]SessionRow, len(rows)), Total: total, Offset: q.Offset}
	for i, r := range rows {
		page.Rows[i] = toRow(r, s.ws.Traits(r.Kind))
	}
	return page, withFlags(ctx, s.ws, rows, page.Rows)
}

// FlagsOf returns the flags of session rows by their rowId (keys are the ids in decimal, as
// JSON keys are text); rows without flags are absent.
func (s *FlagsService) FlagsOf(rowIDs []int64) (map[string][]Flag, error) {
	m, err := s.ws.FlagsOf(context.Background(), rowIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]Flag, len(m))
	for id, f := range m {
		out[strconv.FormatInt(id, 10)] = toFlags(f)
	}
	return out, nil
}

// SessionFlags returns every flag of one session of an org's current snapshot.
func (s *FlagsService) SessionFlags(connectionID int64, sessionID string) ([]Flag, error) {
	f, err := s.ws.SessionFlags(context.Background(), connectionID, sessionID)
	if err != nil {
		return nil, err
	}
	return toFlags(f), nil
}

// Counts counts the flags of each org's current snapshot (every org when ids is empty).
func (s *FlagsService) Counts(connectionIDs []int64) ([]FlagCountView, error) {
	counts, err := s.ws.FlagCounts(context.Background(), connectionIDs)
	if err != nil {
		return nil, err
	}
	out := make([]FlagCountView, len(counts))
	for i, c := range counts {
		out[i] = toFlagCount(c)
	}
	return out, nil
}

func toFlagCount(c workspace.FlagCount) FlagCountView {
	v := FlagCountView{ConnectionID: c.ConnectionID, Connection: c.Connection, Computed: c.Computed,
		ComputedAt: rfc3339(c.ComputedAt), Sessions: c.Sessions, Flagged: c.Flagged,
		High: c.BySeverity[workspace.SeverityHigh], Medium: c.BySeverity[workspace.SeverityMedium],
		Low: c.BySeverity[workspace.SeverityLow], Rules: make([]RuleCountView, len(c.Rules))}
	for i, r := range c.Rules {
		v.Rules[i] = RuleCountView{Rule: string(r.Rule), Flags: r.Flags, Sessions: r.Sessions}
	}
	return v
}

// Places counts the flagged sessions matching the filter at each map place (place key →
// sessions; the largest limit places): the map's flag badges.
func (s *FlagsService) Places(q MapQuery) (map[string]int, error) {
	f, err := q.Filter.toFilter()
	if err != nil {
		return nil, err
	}
	f.Flags.Flagged = true
	r, err := s.ws.Map(context.Background(), f, q.Limit)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(r.Points))
	for _, p := range r.Points {
		out[p.Place] = p.Sessions
	}
	return out, nil
}
