package risk

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"net/netip"
	"slices"
	"strings"
)

// History is what a snapshot's "new device", "new location" and "session drift" rules compare
// against: for each (user), (user, device) and (user, country) seen in the last HistoryMax
// snapshots, the last snapshot it was seen in; and where each session of the latest snapshot
// was used from. It is kept per snapshot by the store (a few MB for 100k sessions).
type History struct {
	Seq      uint32 // ordinal of the latest snapshot in it: 1 for a connection's first
	Count    int    // snapshots it covers, at most HistoryMax
	seen     []seenEntry
	sessions []sessionEntry
}

type seenEntry struct {
	key  uint64
	last uint32 // the Seq it was last seen in
}

type sessionEntry struct {
	hash uint64
	ip   netip.Addr
	asn  uint32
	cc   string
}

func hashKey(parts ...string) uint64 {
	h := fnv.New64a()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(p))
	}
	return h.Sum64()
}

func userKey(u string) uint64                      { return hashKey("u", u) }
func deviceKey(u, browser, platform string) uint64 { return hashKey("d", u, browser, platform) }
func countryKey(u, cc string) uint64               { return hashKey("c", u, cc) }

// lastSeen returns the Seq a key was last seen in, 0 when never.
func (h *History) lastSeen(key uint64) uint32 {
	i, ok := slices.BinarySearchFunc(h.seen, key, func(e seenEntry, k uint64) int { return cmp.Compare(e.key, k) })
	if !ok {
		return 0
	}
	return h.seen[i].last
}

// within reports whether key was seen in the n snapshots this history ends with.
func (h *History) within(key uint64, n int) bool {
	last := h.lastSeen(key)
	return last > 0 && int64(h.Seq)-int64(last) < int64(n)
}

func (h *History) session(id string) (sessionEntry, bool) {
	k := hashKey(id)
	i, ok := slices.BinarySearchFunc(h.sessions, k, func(e sessionEntry, k uint64) int { return cmp.Compare(e.hash, k) })
	if !ok {
		return sessionEntry{}, false
	}
	return h.sessions[i], true
}

// historyBuilder gathers the next history while the engine judges.
type historyBuilder struct {
	prev     *History
	seq      uint32
	keys     []uint64
	sessions []sessionEntry
}

func newHistoryBuilder(prev *History) *historyBuilder {
	b := &historyBuilder{prev: prev, seq: 1}
	if prev != nil {
		b.seq = prev.Seq + 1
	}
	return b
}

func (b *historyBuilder) session(o *Obs) {
	b.sessions = append(b.sessions, sessionEntry{hash: hashKey(o.SessionID), ip: o.IP, asn: o.ASN, cc: country(o)})
}

func (b *historyBuilder) user(group []Obs) {
	u := group[0].UserKey
	b.keys = append(b.keys, userKey(u))
	for i := range group {
		o := &group[i]
		if knownDevice(o) {
			b.keys = append(b.keys, deviceKey(u, o.Browser, o.Platform))
		}
		if cc := country(o); cc != "" {
			b.keys = append(b.keys, countryKey(u, cc))
		}
	}
}

func (b *historyBuilder) build() *History {
	h := &History{Seq: b.seq, Count: 1}
	slices.Sort(b.keys)
	b.keys = slices.Compact(b.keys)
	var old []seenEntry
	if b.prev != nil {
		h.Count = min(b.prev.Count+1, HistoryMax)
		for _, e := range b.prev.seen {
			if b.seq-e.last < HistoryMax {
				old = append(old, e)
			}
		}
	}
	// Merge the previous entries still in range with this snapshot's keys (which win).
	h.seen = make([]seenEntry, 0, len(old)+len(b.keys))
	i, j := 0, 0
	for i < len(old) || j < len(b.keys) {
		switch {
		case j == len(b.keys) || (i < len(old) && old[i].key < b.keys[j]):
			h.seen = append(h.seen, old[i])
			i++
		case i == len(old) || b.keys[j] < old[i].key:
			h.seen = append(h.seen, seenEntry{b.keys[j], b.seq})
			j++
		default:
			h.seen = append(h.seen, seenEntry{b.keys[j], b.seq})
			i, j = i+1, j+1
		}
	}
	h.sessions = b.sessions
	slices.SortFunc(h.sessions, func(x, y sessionEntry) int { return cmp.Compare(x.hash, y.hash) })
	return h
}

// knownDevice reports whether a session names its browser (API clients mostly do not).
func knownDevice(o *Obs) bool {
	return o.Browser != "" && !strings.EqualFold(o.Browser, "unknown")
}

func deviceName(o *Obs) string {
	if o.Platform == "" || strings.EqualFold(o.Platform, "unknown") {
		return o.Browser
	}
	return o.Browser + " on " + o.Platform
}

// newDevicesAndPlaces flags devices and countries the user was not seen with in the previous
// NewWithin snapshots. A user the history does not know (a first snapshot, a new user, or one
// away for longer than that) has nothing to compare with and is not judged.
func (e *Engine) newDevicesAndPlaces(group []Obs) {
	prev := e.ctx.Prev
	n := e.ctx.Policy.NewWithin
	u := group[0].UserKey
	if prev == nil || !prev.within(userKey(u), n) {
		return
	}
	back := fmt.Sprintf("not seen in the previous %s", plural(min(n, prev.Count), "refresh", "refreshes"))
	type found struct {
		name string
		rows []int64
	}
	var devices, places []*found
	devIdx, placeIdx := map[uint64]*found{}, map[uint64]*found{}
	for i := range group {
		o := &group[i]
		if knownDevice(o) {
			k := deviceKey(u, o.Browser, o.Platform)
			if f := devIdx[k]; f != nil {
				f.rows = append(f.rows, o.Row)
			} else if !prev.within(k, n) {
				f := &found{deviceName(o), []int64{o.Row}}
				devIdx[k] = f
				devices = append(devices, f)
			}
		}
		if cc := country(o); cc != "" {
			k := countryKey(u, cc)
			if f := placeIdx[k]; f != nil {
				f.rows = append(f.rows, o.Row)
			} else if !prev.within(k, n) {
				f := &found{countryName(o), []int64{o.Row}}
				placeIdx[k] = f
				places = append(places, f)
			}
		}
	}
	for _, f := range devices {
		e.flag(NewDevice, Low, u, fmt.Sprintf("new device for this user: %s (%s)", f.name, back), f.rows...)
	}
	for _, f := range places {
		e.flag(NewLocation, Medium, u, fmt.Sprintf("new location for this user: %s (%s)", f.name, back), f.rows...)
	}
}

// network names the block an address belongs to: its /24 (IPv4) or /48 (IPv6).
func network(a netip.Addr) netip.Prefix {
	bits := 48
	if a.Is4() {
		bits = 24
	}
	p, _ := a.Prefix(bits)
	return p
}

// drift flags a session used from another country or network than before: than in the
// previous snapshot, or than elsewhere in the server's own list of the session's devices.
// An address moving between IPv4 and IPv6 is the same device on a dual-stack network and only
// counts when the country changes too.
func (e *Engine) drift(o *Obs) {
	if prev := e.ctx.Prev; prev != nil {
		if was, ok := prev.session(o.SessionID); ok {
			now := country(o)
			moved := ""
			if was.ip.IsValid() && o.IP.IsValid() && was.ip.Is4() == o.IP.Is4() && network(was.ip) != network(o.IP) {
				moved = fmt.Sprintf("%s → %s", network(was.ip), network(o.IP))
			}
			switch {
			case was.cc != "" && now != "" && was.cc != now:
				detail := ""
				if moved != "" {
					detail = " (" + moved + ")"
				}
				e.flag(SessionDrift, High, o.UserKey, fmt.Sprintf("seen from %s in the previous refresh, now from %s%s",
					was.cc, countryName(o), detail), o.Row)
				return
			case was.asn > 0 && o.ASN > 0 && was.asn != o.ASN:
				detail := ""
				if moved != "" {
					detail = " (" + moved + ")"
				}
				e.flag(SessionDrift, Medium, o.UserKey, fmt.Sprintf("network changed since the previous refresh: AS%d → AS%d%s",
					was.asn, o.ASN, detail), o.Row)
				return
			case (was.asn == 0 || o.ASN == 0) && moved != "":
				e.flag(SessionDrift, Medium, o.UserKey, "address moved since the previous refresh: "+moved, o.Row)
				return
			}
		}
	}
	if len(o.Endpoints) < 2 {
		return
	}
	var countries, nets []string
	perFamily := map[bool]int{} // networks seen per address family (true = IPv4)
	for _, ep := range o.Endpoints {
		if ep.CountryCode != "" && !slices.Contains(countries, ep.CountryCode) {
			countries = append(countries, ep.CountryCode)
		}
		if ep.IP.IsValid() {
			if n := network(ep.IP).String(); !slices.Contains(nets, n) {
				nets = append(nets, n)
				perFamily[ep.IP.Is4()]++
			}
		}
	}
	switch {
	case len(countries) > 1:
		e.flag(SessionDrift, High, o.UserKey, fmt.Sprintf("used from %s during this session (the server's device list)",
			listNames(countries)), o.Row)
	case perFamily[true] > 1 || perFamily[false] > 1:
		e.flag(SessionDrift, Medium, o.UserKey, fmt.Sprintf("used from %s during this session: %s (the server's device list)",
			plural(len(nets), "network", "networks"), listNames(nets)), o.Row)
	}
}
