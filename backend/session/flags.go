package session

import (
	"fmt"
	"strings"
)

// FlagFilter selects sessions by their flags (issue 12): any flag, a flag of one rule, or one
// most-severe level. Set fields combine with AND; the zero value selects every session.
type FlagFilter struct {
	Flagged  bool   // at least one flag
	Rule     string // a flag of this rule (risk.Rule names: impossible_travel, too_old, …)
	Severity string // the session's most severe flag is this: high | medium | low
}

// Empty reports whether the filter selects every session.
func (f FlagFilter) Empty() bool {
	return !f.Flagged && strings.TrimSpace(f.Rule) == "" && strings.TrimSpace(f.Severity) == ""
}

// Validate rejects a malformed flag filter; the store checks the rule name against the rules.
func (f FlagFilter) Validate() error {
	if len(f.Rule) > 64 {
		return &FilterError{"flag rule name is too long"}
	}
	switch strings.ToLower(strings.TrimSpace(f.Severity)) {
	case "", "high", "medium", "low":
	default:
		return &FilterError{fmt.Sprintf("%q is not a flag severity: use high, medium or low", f.Severity)}
	}
	return nil
}
