package risk

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The rules that judge one session on its own.

func (e *Engine) judgeSession(o *Obs) {
	p := &e.ctx.Policy
	if cc := country(o); cc != "" && len(p.ApprovedCountries) > 0 {
		if _, ok := slices.BinarySearch(p.ApprovedCountries, cc); !ok {
			e.flag(CountryOutside, High, o.UserKey, fmt.Sprintf("from %s, not an approved country (%s)",
				countryName(o), listNames(p.ApprovedCountries)), o.Row)
		}
	}
	if len(e.nets) > 0 && o.IP.IsValid() && public(o) && !e.approvedIP(o) {
		e.flag(NetworkOutside, Medium, o.UserKey, fmt.Sprintf("%s is outside the approved IP ranges (%s)",
			o.IP, plural(len(e.nets), "range", "ranges")), o.Row)
	}
	if IsIntegration(o) {
		e.integration(o)
	} else {
		e.ageAndIdle(o)
	}
	e.drift(o)
}

// public reports whether an address comes from the internet: private, loopback and link-local
// addresses reach the server through the org's own network and are never judged.
func public(o *Obs) bool {
	a := o.IP
	return !a.IsPrivate() && !a.IsLoopback() && !a.IsLinkLocalUnicast() && !a.IsUnspecified() && o.GeoSource != "private"
}

func (e *Engine) approvedIP(o *Obs) bool {
	for _, n := range e.nets {
		if n.Contains(o.IP) {
			return true
		}
	}
	return false
}

// age and idle are how long ago the session signed in and was last used, on the server's
// clock; negative (a timestamp ahead of the reference time) counts as none.
func (e *Engine) age(o *Obs) (time.Duration, bool) {
	if o.Created == 0 {
		return 0, false
	}
	return time.Duration(max(e.now-o.Created, 0)) * time.Millisecond, true
}

func (e *Engine) idle(o *Obs) (time.Duration, bool) {
	if o.LastActive == 0 {
		return 0, false
	}
	return time.Duration(max(e.now-o.LastActive, 0)) * time.Millisecond, true
}

func (e *Engine) ageAndIdle(o *Obs) {
	p := &e.ctx.Policy
	if a, ok := e.age(o); ok && p.MaxAge > 0 && a > p.MaxAge {
		e.flag(TooOld, Medium, o.UserKey, fmt.Sprintf("signed in %s ago (policy: %s)", span(a), limit(p.MaxAge)), o.Row)
	}
	if d, ok := e.idle(o); ok && p.MaxIdle > 0 && d > p.MaxIdle {
		e.flag(TooIdle, Low, o.UserKey, fmt.Sprintf("unused for %s (policy: %s)", span(d), limit(p.MaxIdle)), o.Row)
	}
}

func (e *Engine) integration(o *Obs) {
	p := &e.ctx.Policy
	who := o.Username
	if who == "" {
		who = o.UserKey
	}
	kind := o.SessionType
	if kind == "" {
		kind = "API"
	}
	if len(p.ApprovedIntegrations) > 0 && !approvedName(p.ApprovedIntegrations, o.UserKey) &&
		!approvedName(p.ApprovedIntegrations, strings.ToLower(o.Application)) {
		client := ""
		if o.Application != "" {
			client = " / client " + o.Application
		}
		e.flag(IntegrationUnapproved, High, o.UserKey, fmt.Sprintf("%s session of %s%s: not on the approved integration list",
			kind, who, client), o.Row)
	}
	a, aok := e.age(o)
	d, dok := e.idle(o)
	switch {
	case aok && p.IntegrationMaxAge > 0 && a > p.IntegrationMaxAge:
		e.flag(IntegrationStale, Medium, o.UserKey, fmt.Sprintf("%s session of %s signed in %s ago (policy: %s)",
			kind, who, span(a), limit(p.IntegrationMaxAge)), o.Row)
	case dok && p.IntegrationMaxIdle > 0 && d > p.IntegrationMaxIdle:
		e.flag(IntegrationStale, Medium, o.UserKey, fmt.Sprintf("%s session of %s unused for %s (policy: %s)",
			kind, who, span(d), limit(p.IntegrationMaxIdle)), o.Row)
	}
}

func approvedName(list []string, name string) bool {
	if name == "" {
		return false
	}
	_, ok := slices.BinarySearch(list, name)
	return ok
}
