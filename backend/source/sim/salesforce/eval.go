package salesforcesim

import (
	"cmp"

	"sessionscope/backend/source/sim/simkit"
)

// val is a field value of a row. Ids and dateTimes use ord (record index / unix seconds),
// numbers and booleans n, strings s.
type val struct {
	null bool
	s    string
	n    float64
	ord  int64
}

// evalCtx reads field values of rows for filtering, sorting and rendering. The store's read
// lock is held while it is in use.
type evalCtx struct {
	st    *store
	org   *orgInfo
	roots []int32 // the caller's own session families (IsCurrent)
}

func (ec *evalCtx) isCurrent(s *session) bool {
	for _, r := range ec.roots {
		if s.parent == r {
			return true
		}
	}
	return false
}

func boolVal(b bool) val {
	if b {
		return val{n: 1}
	}
	return val{}
}

func strOrNull(s string) val {
	if s == "" {
		return val{null: true}
	}
	return val{s: s}
}

// value returns field f of session i.
func (ec *evalCtx) value(f fieldID, i int32) val {
	st := ec.st
	s := &st.sessions[i]
	u := &st.users[s.user]
	var h *hist
	var g *geo
	switch fields[f].rel {
	case relGeo:
		if s.geo < 0 {
			return val{null: true}
		}
		g = &st.geos[s.geo]
	case relHist:
		if s.hist < 0 {
			return val{null: true}
		}
		h = &st.hists[s.hist]
	}
	switch f {
	case fID:
		return val{ord: int64(i)}
	case fParentID:
		return val{ord: int64(s.parent)}
	case fUsersID, fUserID:
		return val{ord: int64(s.user)}
	case fUserType, fUserUserType:
		return val{s: userTypes[u.userType]}
	case fCreatedDate:
		return val{ord: s.created}
	case fLastModifiedDate:
		return val{ord: s.modified}
	case fNumSecondsValid:
		return val{n: float64(s.valid)}
	case fSessionType:
		return val{s: sessionTypes[s.sessionType]}
	case fLoginType:
		return val{s: loginTypes[s.loginType]}
	case fSessionSecurityLevel:
		return val{s: levels[s.level]}
	case fSourceIP:
		if s.hist < 0 {
			return val{null: true}
		}
		return val{s: st.hists[s.hist].ip.String()}
	case fIsCurrent:
		return boolVal(ec.isCurrent(s))
	case fIsJWT:
		return boolVal(s.jwt)
	case fLogoutURL:
		return strOrNull(ec.org.logoutURLs[s.logout])
	case fLoginHistoryID:
		if s.hist < 0 {
			return val{null: true}
		}
		return val{ord: int64(s.hist)}
	case fLoginGeoID:
		if s.geo < 0 {
			return val{null: true}
		}
		return val{ord: int64(s.geo)}
	case fUserUsername, fUserEmail:
		return val{s: u.username}
	case fUserName:
		return val{s: u.name()}
	case fUserFirstName:
		return val{s: u.first}
	case fUserLastName:
		return val{s: u.last}
	case fUserIsActive:
		return boolVal(true)
	case fGeoID:
		return val{ord: int64(s.geo)}
	case fGeoCity:
		return val{s: simkit.Cities[g.city].Name}
	case fGeoSubdivision:
		return strOrNull(simkit.Cities[g.city].Subdivision)
	case fGeoCountry:
		return val{s: simkit.Cities[g.city].Country}
	case fGeoCountryIso:
		return val{s: simkit.Cities[g.city].ISO}
	case fGeoPostalCode:
		if g.noPostal {
			return val{null: true}
		}
		return val{s: simkit.Cities[g.city].Postal}
	case fGeoLatitude:
		return val{n: g.lat}
	case fGeoLongitude:
		return val{n: g.lon}
	case fGeoLoginTime:
		return val{ord: g.loginTime}
	case fHistID:
		return val{ord: int64(s.hist)}
	case fHistUserID:
		return val{ord: int64(h.user)}
	case fHistLoginTime:
		return val{ord: h.loginTime}
	case fHistLoginType:
		return val{s: loginTypes[h.loginType]}
	case fHistSourceIP:
		return val{s: h.ip.String()}
	case fHistLoginURL:
		return val{s: ec.org.loginURLs[h.loginURL]}
	case fHistStatus:
		return val{s: "Success"}
	case fHistBrowser:
		return val{s: browsers[h.browser]}
	case fHistPlatform:
		return val{s: platforms[h.platform]}
	case fHistApplication:
		return val{s: applications[h.app]}
	case fHistLoginGeoID:
		if s.geo < 0 {
			return val{null: true}
		}
		return val{ord: int64(s.geo)}
	}
	return val{null: true}
}

// valEqual is SOQL equality: strings compare case-insensitively, null equals only null.
func valEqual(k kind, a, b val) bool {
	if a.null || b.null {
		return a.null == b.null
	}
	return compareVals(k, a, b) == 0
}

// compareVals orders two non-null values of kind k.
func compareVals(k kind, a, b val) int {
	switch k {
	case kID, kDateTime:
		return cmp.Compare(a.ord, b.ord)
	case kString, kPicklist:
		return compareFold(a.s, b.s)
	default:
		return cmp.Compare(a.n, b.n)
	}
}

// compareFold compares ASCII-case-insensitively.
func compareFold(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		x, y := lower(a[i]), lower(b[i])
		if x != y {
			return cmp.Compare(x, y)
		}
	}
	return cmp.Compare(len(a), len(b))
}

func (ids *idSpaces) byTarget(object string) *idSpace {
	switch object {
	case "User":
		return &ids.user
	case "LoginGeo":
		return &ids.geo
	case "LoginHistory":
		return &ids.hist
	}
	return &ids.session
}
