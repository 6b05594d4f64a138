package risk

import (
	"cmp"
	"fmt"
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
	// Lookups go through buckets of the hashes' top bits (hashes are uniform): a million
	// lookups in user order cost a few probes each instead of a binary search's cache misses.
	seenIdx, sessIdx bucketIndex
}

type seenEntry struct {
	key  uint64
	last uint32 // the Seq it was last seen in
}

// sessionEntry holds no pointers: a history of a million sessions costs the collector nothing.
type sessionEntry struct {
	hash uint64
	ip16 [16]byte
	fam  uint8 // 0 no address, 4 IPv4, 6 IPv6
	asn  uint32
	cc2  [2]byte
}

func newSessionEntry(hash uint64, ip netip.Addr, asn uint32, cc string) sessionEntry {
	e := sessionEntry{hash: hash, asn: asn}
	if ip.IsValid() {
		e.ip16, e.fam = ip.As16(), 6
		if ip.Is4() {
			e.fam = 4
		}
	}
	copy(e.cc2[:], cc)
	return e
}

func (e sessionEntry) ip() netip.Addr {
	switch e.fam {
	case 4:
		return netip.AddrFrom16(e.ip16).Unmap()
	case 6:
		return netip.AddrFrom16(e.ip16)
	}
	return netip.Addr{}
}

func (e sessionEntry) cc() string {
	if e.cc2[0] == 0 {
		return ""
	}
	return string(e.cc2[:])
}

// bucketIndex maps the top bits of a sorted list of uniform hashes to where they start.
type bucketIndex struct {
	shift uint
	start []uint32 // start[b]: the first position whose hash has top bits >= b; one extra at the end
}

func newBucketIndex(n int, hash func(int) uint64) bucketIndex {
	bits := uint(1)
	for (1<<bits)*4 < n && bits < 24 {
		bits++
	}
	bi := bucketIndex{shift: 64 - bits, start: make([]uint32, (1<<bits)+1)}
	b := 0
	for i := range n {
		for top := int(hash(i) >> bi.shift); b <= top; b++ {
			bi.start[b] = uint32(i)
		}
	}
	for ; b < len(bi.start); b++ {
		bi.start[b] = uint32(n)
	}
	return bi
}

// find returns the position of key in the sorted hashes, or -1.
func (bi bucketIndex) find(key uint64, hash func(int) uint64) int {
	if len(bi.start) == 0 {
		return -1
	}
	top := key >> bi.shift
	lo, hi := int(bi.start[top]), int(bi.start[top+1])
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if h := hash(mid); h < key {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < int(bi.start[top+1]) && hash(lo) == key {
		return lo
	}
	return -1
}

// index builds the lookup buckets; every history made or decoded goes through it.
func (h *History) index() {
	h.seenIdx = newBucketIndex(len(h.seen), func(i int) uint64 { return h.seen[i].key })
	h.sessIdx = newBucketIndex(len(h.sessions), func(i int) uint64 { return h.sessions[i].hash })
}

// hashKey is FNV-1a (64 bit) over the parts joined by NUL bytes, computed in place: a
// million sessions make several million keys.
func hashKey(parts ...string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for i, p := range parts {
		if i > 0 {
			h *= prime // the NUL separator: h ^= 0, then the multiply
		}
		for j := 0; j < len(p); j++ {
			h ^= uint64(p[j])
			h *= prime
		}
	}
	return h
}

func userKey(u string) uint64                      { return hashKey("u", u) }
func deviceKey(u, browser, platform string) uint64 { return hashKey("d", u, browser, platform) }
func countryKey(u, cc string) uint64               { return hashKey("c", u, cc) }

// lastSeen returns the Seq a key was last seen in, 0 when never.
func (h *History) lastSeen(key uint64) uint32 {
	i := h.seenIdx.find(key, func(i int) uint64 { return h.seen[i].key })
	if i < 0 {
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
	i := h.sessIdx.find(hashKey(id), func(i int) uint64 { return h.sessions[i].hash })
	if i < 0 {
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
	b.sessions = append(b.sessions, newSessionEntry(hashKey(o.SessionID), o.IP, o.ASN, country(o)))
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
	h.index()
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
			now, wasCC, wasIP := country(o), was.cc(), was.ip()
			moved := ""
			if wasIP.IsValid() && o.IP.IsValid() && wasIP.Is4() == o.IP.Is4() && network(wasIP) != network(o.IP) {
				moved = fmt.Sprintf("%s → %s", network(wasIP), network(o.IP))
			}
			switch {
			case wasCC != "" && now != "" && wasCC != now:
				detail := ""
				if moved != "" {
					detail = " (" + moved + ")"
				}
				e.flag(SessionDrift, High, o.UserKey, fmt.Sprintf("seen from %s in the previous refresh, now from %s%s",
					wasCC, countryName(o), detail), o.Row)
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
