package app

import (
	"context"
	"errors"
	"sort"

	"sessionscope/backend/workspace"
)

// PolicyView is one org's policy as the editor shows it.
type PolicyView struct {
	ConnectionID int64           `json:"connectionId"`
	Connection   string          `json:"connection"`
	Fields       []PolicyField   `json:"fields"`
	Server       []ServerSetting `json:"server"`       // the server's own session settings as last read
	ServerReadAt string          `json:"serverReadAt"` // "": never read (the connector cannot, or no refresh yet)
	UpdatedAt    string          `json:"updatedAt"`    // the last change of the overrides; "": never
	UpdatedBy    string          `json:"updatedBy"`
}

// ServerSetting is one of the server's own session settings (name → value as read).
type ServerSetting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// PolicyField is one setting: its effective value, where it comes from, and each source's value
// (as text the field accepts).
type PolicyField struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Help     string `json:"help"`
	Value    string `json:"value"`
	Source   string `json:"source"` // default | server | override
	Default  string `json:"default"`
	Server   string `json:"server"`   // "" when the server does not set it
	Override string `json:"override"` // "" when not overridden
}

// PolicyChange is an edit of some fields (name → text; "" returns a field to the default or
// the server's setting).
type PolicyChange struct {
	ConnectionID int64             `json:"connectionId"`
	Changes      map[string]string `json:"changes"`
}

// FieldError is one refused field of a policy change.
type FieldError struct {
	Field string `json:"field"` // "" when the change as a whole is refused
	Msg   string `json:"msg"`
}

// PolicyPreview is what a change would flag on the org's current snapshot, nothing saved. A
// change that does not parse is a result with FieldErrors, not a rejection.
type PolicyPreview struct {
	FieldErrors []FieldError  `json:"fieldErrors"`
	Current     FlagCountView `json:"current"`  // as stored now
	Proposed    FlagTally     `json:"proposed"` // with the change
}

// FlagTally is what one pass of the rules found.
type FlagTally struct {
	Sessions int             `json:"sessions"` // judged
	Flags    int             `json:"flags"`    // findings
	Flagged  int             `json:"flagged"`  // sessions with at least one flag
	High     int             `json:"high"`
	Medium   int             `json:"medium"`
	Low      int             `json:"low"`
	Rules    []RuleCountView `json:"rules"` // in rule order, rules with no finding left out
}

// PolicySaved is the outcome of a save: the policy as it now stands and what the new pass
// flagged, or the fields that were refused (nothing saved then).
type PolicySaved struct {
	FieldErrors []FieldError `json:"fieldErrors"`
	Policy      PolicyView   `json:"policy"`
	Flags       FlagTally    `json:"flags"`
}

// Policy returns an org's policy.
func (s *FlagsService) Policy(connectionID int64) (PolicyView, error) {
	v, err := s.ws.Policy(context.Background(), connectionID)
	if err != nil {
		return PolicyView{}, err
	}
	return toPolicy(v), nil
}

// PreviewPolicy judges the org's current snapshot with the change applied, storing nothing.
func (s *FlagsService) PreviewPolicy(c PolicyChange) (PolicyPreview, error) {
	p, err := s.ws.PreviewPolicy(context.Background(), c.ConnectionID, c.Changes)
	if fe, ok := fieldErrors(err); ok {
		return PolicyPreview{FieldErrors: fe, Current: FlagCountView{Rules: []RuleCountView{}}, Proposed: FlagTally{Rules: []RuleCountView{}}}, nil
	}
	if err != nil {
		return PolicyPreview{}, err
	}
	return PolicyPreview{FieldErrors: []FieldError{}, Current: toFlagCount(p.Current), Proposed: s.toTally(p.Proposed)}, nil
}

// SetPolicy saves the change (audited) and judges the current snapshot again with it.
func (s *FlagsService) SetPolicy(c PolicyChange) (PolicySaved, error) {
	v, sum, err := s.ws.SetPolicy(context.Background(), c.ConnectionID, c.Changes)
	if fe, ok := fieldErrors(err); ok {
		return PolicySaved{FieldErrors: fe, Policy: PolicyView{Fields: []PolicyField{}, Server: []ServerSetting{}},
			Flags: FlagTally{Rules: []RuleCountView{}}}, nil
	}
	if err != nil {
		return PolicySaved{}, err
	}
	return PolicySaved{FieldErrors: []FieldError{}, Policy: toPolicy(v), Flags: s.toTally(sum)}, nil
}

// fieldErrors unpacks a policy change refused field by field.
func fieldErrors(err error) ([]FieldError, bool) {
	var pe *workspace.PolicyError
	if !errors.As(err, &pe) {
		return nil, false
	}
	out := make([]FieldError, len(pe.Fields))
	for i, f := range pe.Fields {
		out[i] = FieldError{Field: f.Field, Msg: f.Msg}
	}
	return out, true
}

func toPolicy(v workspace.PolicyView) PolicyView {
	out := PolicyView{ConnectionID: v.ConnectionID, Connection: v.Connection, Fields: make([]PolicyField, len(v.Fields)),
		Server: []ServerSetting{}, ServerReadAt: rfc3339(v.ServerReadAt), UpdatedAt: rfc3339(v.UpdatedAt), UpdatedBy: v.UpdatedBy}
	for i, f := range v.Fields {
		out.Fields[i] = PolicyField{Name: f.Name, Label: f.Label, Help: f.Help, Value: f.Value, Source: f.Source,
			Default: f.Default, Server: f.Server, Override: f.Override}
	}
	names := make([]string, 0, len(v.ServerRaw))
	for k := range v.ServerRaw {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		out.Server = append(out.Server, ServerSetting{Name: k, Value: v.ServerRaw[k]})
	}
	return out
}

func (fs *FlagsService) toTally(s workspace.FlagSummary) FlagTally {
	t := FlagTally{Sessions: s.Sessions, Flags: s.Flags, Flagged: s.Flagged, High: s.BySeverity[workspace.SeverityHigh],
		Medium: s.BySeverity[workspace.SeverityMedium], Low: s.BySeverity[workspace.SeverityLow], Rules: []RuleCountView{}}
	for _, ri := range fs.ws.Rules() {
		if n := s.RuleFlags[ri.Rule]; n > 0 {
			t.Rules = append(t.Rules, RuleCountView{Rule: string(ri.Rule), Flags: n, Sessions: s.RuleSessions[ri.Rule]})
		}
	}
	return t
}
