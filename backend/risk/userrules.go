package risk

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// The rules that judge a user's sessions together. group is sorted by login time.

func (e *Engine) tooMany(group []Obs) {
	p := &e.ctx.Policy
	if p.MaxSessions <= 0 || len(group) <= p.MaxSessions {
		return
	}
	rows := make([]int64, len(group))
	for i := range group {
		rows[i] = group[i].Row
	}
	e.flag(TooManySessions, Medium, group[0].UserKey, fmt.Sprintf("%d sessions at once (policy: at most %d)",
		len(group), p.MaxSessions), rows...)
}

// travel judges each login against the user's previous located login (child sessions are part
// of their parent's login and are left out). Legs shorter than the policy's shortest trip are
// the same place as far as GeoIP can tell: the later login becomes the one to compare with.
func (e *Engine) travel(group []Obs) {
	p := &e.ctx.Policy
	if p.TravelKmh <= 0 {
		return
	}
	var last *Obs
	for i := range group {
		b := &group[i]
		if b.Child || b.Created == 0 || !located(b) {
			continue
		}
		a := last
		last = b
		if a == nil {
			continue
		}
		d := DistanceKm(a.Lat, a.Lon, b.Lat, b.Lon)
		if d < p.TravelMinKm {
			continue
		}
		gap := time.Duration(b.Created-a.Created) * time.Millisecond
		from, to := placeNames(a, b)
		var reason string
		if gap <= 0 {
			reason = fmt.Sprintf("%s → %s, %s with no time between the logins", from, to, km(d))
		} else {
			kmh := d / gap.Hours()
			if kmh <= p.TravelKmh {
				continue
			}
			reason = fmt.Sprintf("%s → %s, %s in %s ≈ %s", from, to, km(d), span(gap), speed(kmh))
		}
		e.flag(ImpossibleTravel, High, b.UserKey, reason, a.Row, b.Row)
	}
}

// placeNames names two places by city, with the country code when the cities share a name.
func placeNames(a, b *Obs) (string, string) {
	if a.City == b.City {
		return a.City + " (" + a.CountryCode + ")", b.City + " (" + b.CountryCode + ")"
	}
	return a.City, b.City
}

// interval is when a session was in use: from its login to its last activity.
type interval struct {
	start, end int64
	i          int // index in the group
}

// simultaneous flags the sessions of a user that were in use at the same time as a session
// from another country. For each session and each other country it asks whether any of that
// country's sessions started before this one ended and ended after it started: with the
// country's sessions sorted by start and the running maximum of their ends, that is one
// binary search.
func (e *Engine) simultaneous(group []Obs) {
	byCountry := map[string][]interval{}
	for i := range group {
		o := &group[i]
		cc := country(o)
		if o.Child || cc == "" || (o.Created == 0 && o.LastActive == 0) {
			continue
		}
		start := o.Created
		if start == 0 {
			start = o.LastActive
		}
		byCountry[cc] = append(byCountry[cc], interval{start, max(o.LastActive, start), i})
	}
	if len(byCountry) < 2 {
		return
	}
	codes := make([]string, 0, len(byCountry))
	type sweep struct {
		iv     []interval
		maxEnd []int64 // maxEnd[k]: the latest end among iv[:k+1]
		argMax []int   // which of them
	}
	sweeps := map[string]*sweep{}
	for cc, iv := range byCountry {
		codes = append(codes, cc)
		sort.Slice(iv, func(a, b int) bool {
			return iv[a].start < iv[b].start || iv[a].start == iv[b].start && iv[a].i < iv[b].i
		})
		s := &sweep{iv: iv, maxEnd: make([]int64, len(iv)), argMax: make([]int, len(iv))}
		for k, v := range iv {
			s.maxEnd[k], s.argMax[k] = v.end, k
			if k > 0 && s.maxEnd[k-1] >= v.end {
				s.maxEnd[k], s.argMax[k] = s.maxEnd[k-1], s.argMax[k-1]
			}
		}
		sweeps[cc] = s
	}
	sort.Strings(codes)
	involved := make([]bool, len(group))
	countries := map[string]bool{}
	var longest int64
	for _, cc := range codes {
		for _, v := range sweeps[cc].iv {
			for _, other := range codes {
				if other == cc {
					continue
				}
				s := sweeps[other]
				k := sort.Search(len(s.iv), func(k int) bool { return s.iv[k].start > v.end })
				if k == 0 || s.maxEnd[k-1] < v.start {
					continue
				}
				involved[v.i] = true
				countries[cc], countries[other] = true, true
				u := s.iv[s.argMax[k-1]]
				longest = max(longest, min(v.end, u.end)-max(v.start, u.start))
			}
		}
	}
	var rows []int64
	for i, in := range involved {
		if in {
			rows = append(rows, group[i].Row)
		}
	}
	if len(rows) == 0 {
		return
	}
	names := make([]string, 0, len(countries))
	for i := range group {
		if cc := country(&group[i]); countries[cc] {
			names = append(names, countryName(&group[i]))
			delete(countries, cc)
		}
	}
	slices.Sort(names)
	overlap := "at the same moment"
	if longest > 0 {
		overlap = "overlapping by up to " + span(time.Duration(longest)*time.Millisecond)
	}
	e.flag(SimultaneousCountries, Medium, group[0].UserKey, fmt.Sprintf("in use from %s at the same time (%s)",
		listNames(names), overlap), rows...)
}
