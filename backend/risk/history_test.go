package risk

import (
	"hash/fnv"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// snapshots judges a sequence of snapshots, each with the history of the ones before, and
// returns the last one's flags.
func snapshots(t *testing.T, edit func(*Policy), snaps ...[]Obs) []Flag {
	t.Helper()
	p := Defaults()
	if edit != nil {
		edit(&p)
	}
	var prev *History
	var flags []Flag
	for _, s := range snaps {
		flags, prev = Compute(Context{Policy: p, Now: t0, Prev: prev}, s)
		// Each history goes through its stored form, as it does between refreshes.
		back, err := DecodeHistory(prev.Encode())
		if err != nil {
			t.Fatal(err)
		}
		prev = back
	}
	return flags
}

func device(o Obs, browser, platform string) Obs {
	o.Browser, o.Platform = browser, platform
	return o
}

func TestNewDeviceAndLocation(t *testing.T) {
	before := []Obs{at(1, "u", "Paris", time.Hour)}
	now := []Obs{device(at(2, "u", "Paris", time.Hour), "Firefox 145", "Linux"), at(3, "u", "London", 30*time.Minute)}
	flags := snapshots(t, nil, before, now)
	if f := wantOne(t, flags, NewDevice); f.Severity != Low || f.Reason != "new device for this user: Firefox 145 on Linux (not seen in the previous 1 refresh)" || f.Rows[0] != 2 {
		t.Fatalf("flag %+v", f)
	}
	if f := wantOne(t, flags, NewLocation); f.Severity != Medium || f.Reason != "new location for this user: United Kingdom (GB) (not seen in the previous 1 refresh)" {
		t.Fatalf("flag %+v", f)
	}
	// The first snapshot, or a user the history does not know, has nothing to compare with.
	wantNone(t, snapshots(t, nil, now), NewDevice)
	wantNone(t, snapshots(t, nil, []Obs{at(9, "someone-else", "Paris", time.Hour)}, now), NewLocation)
	// A device with no browser (an API client) is not a device to judge.
	api := device(at(4, "u", "Paris", time.Hour), "Unknown", "Linux")
	wantNone(t, snapshots(t, nil, before, []Obs{api}), NewDevice)
}

func TestNewMeansNotSeenInTheLastNSnapshots(t *testing.T) {
	laptop := at(1, "u", "Paris", time.Hour)
	phone := device(at(2, "u", "Paris", time.Hour), "Safari 19", "iPhone")
	// The phone was seen 3 snapshots ago, then only the laptop.
	seq := [][]Obs{{laptop, phone}, {laptop}, {laptop}, {laptop, phone}}
	wantNone(t, snapshots(t, func(p *Policy) { p.NewWithin = 3 }, seq...), NewDevice)
	f := wantOne(t, snapshots(t, func(p *Policy) { p.NewWithin = 2 }, seq...), NewDevice)
	if !strings.HasSuffix(f.Reason, "(not seen in the previous 2 refreshes)") {
		t.Fatalf("reason %q", f.Reason)
	}
}

func TestHistoryForgetsBeyondHistoryMax(t *testing.T) {
	laptop := at(1, "u", "Paris", time.Hour)
	phone := device(at(2, "u", "Paris", time.Hour), "Safari 19", "iPhone")
	seq := [][]Obs{{laptop, phone}}
	for range HistoryMax {
		seq = append(seq, []Obs{laptop})
	}
	seq = append(seq, []Obs{laptop, phone})
	wantOne(t, snapshots(t, func(p *Policy) { p.NewWithin = HistoryMax }, seq...), NewDevice)
	seq = append(seq[:1], seq[2:]...) // one snapshot fewer in between: still remembered
	wantNone(t, snapshots(t, func(p *Policy) { p.NewWithin = HistoryMax }, seq...), NewDevice)
}

func TestSessionDriftBetweenSnapshots(t *testing.T) {
	was := at(1, "u", "London", 2*time.Hour)
	was.ASN = 2856
	stolen := at(2, "u", "Singapore", 2*time.Hour)
	stolen.SessionID, stolen.ASN = was.SessionID, 7473
	f := wantOne(t, snapshots(t, nil, []Obs{was}, []Obs{stolen}), SessionDrift)
	if f.Severity != High || f.Reason != "seen from GB in the previous refresh, now from Singapore (SG) (81.2.69.0/24 → 203.0.113.0/24)" {
		t.Fatalf("flag %+v", f)
	}
	// Same country, another autonomous system.
	moved := was
	moved.Row, moved.ASN, moved.IP = 3, 5089, netip.MustParseAddr("82.1.3.4")
	f = wantOne(t, snapshots(t, nil, []Obs{was}, []Obs{moved}), SessionDrift)
	if f.Severity != Medium || f.Reason != "network changed since the previous refresh: AS2856 → AS5089 (81.2.69.0/24 → 82.1.3.0/24)" {
		t.Fatalf("flag %+v", f)
	}
	// No autonomous system known: the address block decides.
	was0, moved0 := was, moved
	was0.ASN, moved0.ASN = 0, 0
	if f := wantOne(t, snapshots(t, nil, []Obs{was0}, []Obs{moved0}), SessionDrift); f.Reason != "address moved since the previous refresh: 81.2.69.0/24 → 82.1.3.0/24" {
		t.Fatalf("reason %q", f.Reason)
	}
	// The same /24, or a dual-stack move to IPv6 in the same country and network, is no drift.
	same := was
	same.IP = netip.MustParseAddr("81.2.69.200")
	wantNone(t, snapshots(t, nil, []Obs{was}, []Obs{same}), SessionDrift)
	v6 := was
	v6.IP = netip.MustParseAddr("2a02:c7f:1::9")
	wantNone(t, snapshots(t, nil, []Obs{was}, []Obs{v6}), SessionDrift)
	// Another session from elsewhere is not drift of this one.
	other := stolen
	other.SessionID = "another"
	wantNone(t, snapshots(t, nil, []Obs{was}, []Obs{other}), SessionDrift)
}

func TestSessionDriftInTheServersDeviceList(t *testing.T) {
	o := at(1, "u", "Berlin", time.Hour)
	o.Endpoints = []Endpoint{ParseEndpoint("[2001:db8:10::5]:53422", "Berlin, DE"), ParseEndpoint("203.0.113.9", "Singapore, SG")}
	if f := wantOne(t, run(t, nil, o), SessionDrift); f.Severity != High || f.Reason != "used from DE and SG during this session (the server's device list)" {
		t.Fatalf("flag %+v", f)
	}
	o.Endpoints = []Endpoint{ParseEndpoint("81.2.69.142", "London, GB"), ParseEndpoint("82.1.3.4:1234", "London, GB")}
	if f := wantOne(t, run(t, nil, o), SessionDrift); f.Severity != Medium ||
		f.Reason != "used from 2 networks during this session: 81.2.69.0/24 and 82.1.3.0/24 (the server's device list)" {
		t.Fatalf("flag %+v", f)
	}
	o.Endpoints = []Endpoint{ParseEndpoint("81.2.69.142", ""), ParseEndpoint("2a02:c7f::1", "")} // dual stack
	wantNone(t, run(t, nil, o), SessionDrift)
	o.Endpoints = []Endpoint{ParseEndpoint("81.2.69.142", "London, GB")}
	wantNone(t, run(t, nil, o), SessionDrift)
}

func TestParseEndpoint(t *testing.T) {
	for _, c := range []struct{ ip, loc, wantIP, wantCC string }{
		{"127.0.0.1:53422", "", "127.0.0.1", ""},
		{"[::1]:8080", "Munich, de", "::1", "DE"},
		{"::ffff:81.2.69.1", "XX", "81.2.69.1", ""}, // XX: Cloudflare does not know
		{"", "T1", "invalid IP", ""},                // T1: a Tor exit, no country
		{"garbage", "Paris, FR", "invalid IP", "FR"},
	} {
		ep := ParseEndpoint(c.ip, c.loc)
		if ep.IP.String() != c.wantIP || ep.CountryCode != c.wantCC {
			t.Errorf("%q %q: %v %q", c.ip, c.loc, ep.IP, ep.CountryCode)
		}
	}
}

func TestHistoryStoredFormRoundTripsAndRefusesDamage(t *testing.T) {
	o := at(1, "u", "Berlin", time.Hour)
	o.ASN = 3320
	p := at(2, "v", "Paris", time.Hour)
	p.IP = netip.Addr{}
	_, h := Compute(Context{Policy: Defaults(), Now: t0}, []Obs{o, p})
	b := h.Encode()
	back, err := DecodeHistory(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, h) {
		t.Fatalf("round trip:\n%+v\n%+v", back, h)
	}
	for name, bad := range map[string][]byte{"empty": nil, "truncated": b[:len(b)-1], "longer": append(b[:len(b):len(b)], 0),
		"magic": append([]byte("XX"), b[2:]...)} {
		if _, err := DecodeHistory(bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestEndpointsFromKratos(t *testing.T) {
	raw := []byte(`{"id":"s1","devices":[{"id":"d1","ip_address":"127.0.0.1:53422","user_agent":"okhttp","location":""},` +
		`{"id":"d2","ip_address":"203.0.113.9","location":"Singapore, SG"},{"id":"d3","ip_address":null,"location":null}]}`)
	eps := EndpointsFromKratos(raw)
	if len(eps) != 3 || eps[0].IP.String() != "127.0.0.1" || eps[1].CountryCode != "SG" || eps[2].IP.IsValid() {
		t.Fatalf("endpoints %+v", eps)
	}
	if EndpointsFromKratos([]byte(`not json`)) != nil || EndpointsFromKratos([]byte(`{"devices":null}`)) != nil {
		t.Fatal("want none")
	}
}

func TestHashKeyIsFNV1a(t *testing.T) {
	h := fnv.New64a()
	h.Write([]byte("u\x00alice\x00Chrome"))
	if hashKey("u", "alice", "Chrome") != h.Sum64() {
		t.Fatal("hashKey differs from FNV-1a over the NUL-joined parts")
	}
}

func TestBucketIndexFindsEveryHashAndNothingElse(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, n := range []int{0, 1, 7, 1000, 50000} {
		hs := make([]uint64, n)
		for i := range hs {
			hs[i] = rng.Uint64()
		}
		slices.Sort(hs)
		hs = slices.Compact(hs)
		at := func(i int) uint64 { return hs[i] }
		bi := newBucketIndex(len(hs), at)
		for i, h := range hs {
			if got := bi.find(h, at); got != i {
				t.Fatalf("n=%d: find(%x) = %d, want %d", n, h, got, i)
			}
		}
		for range 1000 {
			k := rng.Uint64()
			if _, found := slices.BinarySearch(hs, k); !found && bi.find(k, at) != -1 {
				t.Fatalf("n=%d: found %x, which is absent", n, k)
			}
		}
		for _, k := range []uint64{0, ^uint64(0)} {
			_, found := slices.BinarySearch(hs, k)
			if (bi.find(k, at) >= 0) != found {
				t.Fatalf("n=%d: edge key %x", n, k)
			}
		}
	}
}
