package workspace

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"sessionscope/backend/risk"
	"sessionscope/backend/session"
)

// PolicyError is a policy change refused field by field (errors.As it; code CodeInvalidPolicy).
type PolicyError = risk.ValidationError

// PolicyFieldError is one refused field.
type PolicyFieldError = risk.FieldError

// PolicyView is one connection's policy as the editor shows it.
type PolicyView struct {
	ConnectionID int64
	Connection   string
	Fields       []PolicyField
	ServerRaw    map[string]string // the server's own settings as last read (name → value)
	ServerReadAt time.Time         // zero: never read (the connector cannot, or no refresh yet)
	UpdatedAt    time.Time         // the last change of the overrides; zero: never
	UpdatedBy    string
}

// PolicyField is one setting: its effective value, where that comes from, and the values of
// each source (as text the field accepts).
type PolicyField struct {
	Name     string
	Label    string
	Help     string
	Value    string // effective
	Source   string // default | server | override
	Default  string
	Server   string // "" when the server does not set it
	Override string // "" when not overridden
}

// Policy returns a connection's policy.
func (w *Workspace) Policy(ctx context.Context, connectionID int64) (PolicyView, error) {
	c, err := w.st.Connection(ctx, connectionID)
	if err != nil {
		return PolicyView{}, err
	}
	rec, err := w.st.Policy(ctx, connectionID)
	if err != nil {
		return PolicyView{}, err
	}
	r, err := risk.Resolve(rec.Server, rec.Overrides)
	if err != nil {
		return PolicyView{}, err
	}
	v := PolicyView{ConnectionID: c.ID, Connection: c.Name, ServerRaw: rec.ServerRaw, ServerReadAt: rec.ServerReadAt,
		UpdatedAt: rec.UpdatedAt, UpdatedBy: rec.UpdatedBy}
	defaults := risk.Defaults()
	for _, f := range risk.Fields {
		pf := PolicyField{Name: f.Name, Label: f.Label, Help: f.Help, Value: f.Show(r.Policy), Source: string(r.Sources[f.Name]),
			Default: f.Show(defaults), Override: rec.Overrides[f.Name]}
		switch {
		case f.Name == risk.FieldMaxAge && rec.Server.MaxLifespan > 0:
			pf.Server = risk.FormatDuration(rec.Server.MaxLifespan)
		case f.Name == risk.FieldMaxIdle && rec.Server.IdleTimeout > 0:
			pf.Server = risk.FormatDuration(rec.Server.IdleTimeout)
		}
		v.Fields = append(v.Fields, pf)
	}
	return v, nil
}

func (w *Workspace) resolvePolicy(ctx context.Context, connectionID int64) (risk.Resolved, error) {
	rec, err := w.st.Policy(ctx, connectionID)
	if err != nil {
		return risk.Resolved{}, err
	}
	return risk.Resolve(rec.Server, rec.Overrides)
}

// mergedOverrides applies changes (field → text; "" clears the override) to the stored ones and
// returns the canonical result, or a PolicyError naming every bad field.
func (w *Workspace) mergedOverrides(ctx context.Context, connectionID int64, changes map[string]string) (map[string]string, map[string]string, error) {
	rec, err := w.st.Policy(ctx, connectionID)
	if err != nil {
		return nil, nil, err
	}
	next := maps.Clone(rec.Overrides)
	for name, v := range changes {
		f, ok := risk.FieldByName(name)
		if !ok {
			return nil, nil, &PolicyError{Fields: []PolicyFieldError{{Field: name, Msg: "no such setting; use one of " +
				strings.Join(risk.FieldNames(), ", ")}}}
		}
		if strings.TrimSpace(v) == "" {
			delete(next, f.Name)
		} else {
			next[f.Name] = v
		}
	}
	canon, err := risk.Canonical(next)
	if err != nil {
		return nil, nil, err
	}
	return rec.Overrides, canon, nil
}

// PolicyPreview is what a policy change would flag on the current snapshot, against now.
type PolicyPreview struct {
	Current  FlagCount   // as stored now
	Proposed FlagSummary // with the change (nothing stored)
}

// PreviewPolicy judges a connection's current snapshot with the policy changed as given,
// storing nothing: "how many sessions would this flag?" before it is saved.
func (w *Workspace) PreviewPolicy(ctx context.Context, connectionID int64, changes map[string]string) (PolicyPreview, error) {
	var pv PolicyPreview
	c, err := w.st.Connection(ctx, connectionID)
	if err != nil {
		return pv, err
	}
	if c.Current == nil {
		return pv, &CodedError{CodeNoSnapshot, c.Name + " has not been refreshed yet: there is nothing to preview on"}
	}
	_, next, err := w.mergedOverrides(ctx, connectionID, changes)
	if err != nil {
		return pv, err
	}
	rec, err := w.st.Policy(ctx, connectionID)
	if err != nil {
		return pv, err
	}
	r, err := risk.Resolve(rec.Server, next)
	if err != nil {
		return pv, err
	}
	counts, err := w.st.FlagCounts(ctx, []int64{connectionID})
	if err != nil {
		return pv, err
	}
	if len(counts) == 1 {
		pv.Current = counts[0]
	}
	pv.Proposed, err = w.st.PreviewFlags(ctx, c.Current.ID, r.Policy)
	return pv, err
}

// SetPolicy changes a connection's overrides (field → text; "" returns a field to its default
// or the server's setting), records the change in the audit trail, and judges the current
// snapshot again with the new policy. A change that does not parse is refused whole, with
// every bad field named (PolicyError); nothing is saved then.
func (w *Workspace) SetPolicy(ctx context.Context, connectionID int64, changes map[string]string) (PolicyView, FlagSummary, error) {
	if len(changes) == 0 {
		return PolicyView{}, FlagSummary{}, &PolicyError{Fields: []PolicyFieldError{{Field: "", Msg: "no setting given"}}}
	}
	c, err := w.st.Connection(ctx, connectionID)
	if err != nil {
		return PolicyView{}, FlagSummary{}, err
	}
	defer w.lockFlags(connectionID)()
	before, next, err := w.mergedOverrides(ctx, connectionID, changes)
	if err != nil {
		return PolicyView{}, FlagSummary{}, err
	}
	entry := session.AuditEntry{Actor: w.opts.Actor, Action: "policy.set", Connection: c.Name, Target: "policy",
		Result: "saved", Detail: policyChange(before, next)}
	if _, err := w.st.SetPolicyOverrides(ctx, connectionID, next, w.opts.Actor, entry); err != nil {
		return PolicyView{}, FlagSummary{}, err
	}
	var sum FlagSummary
	if c.Current != nil {
		if sum, err = w.computeFlags(ctx, connectionID); err != nil {
			return PolicyView{}, sum, fmt.Errorf("the policy was saved, but judging the sessions again failed: %w", err)
		}
	}
	v, err := w.Policy(ctx, connectionID)
	return v, sum, err
}

// policyChange describes a change for the audit trail: "max_age: default → 2d; …".
func policyChange(before, after map[string]string) string {
	var parts []string
	for _, f := range risk.Fields {
		b, a := before[f.Name], after[f.Name]
		if b == a {
			continue
		}
		show := func(v string) string {
			if v == "" {
				return "default"
			}
			return v
		}
		parts = append(parts, fmt.Sprintf("%s: %s → %s", f.Name, show(b), show(a)))
	}
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, "; ")
}
