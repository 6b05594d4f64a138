package risk

import (
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"testing"
	"time"
)

// randomSnapshot makes sessions that trip every rule now and then: a few users, several
// places, API sessions, children, missing geo, shared session ids with the previous snapshot.
func randomSnapshot(rng *rand.Rand, n int, firstRow int64) []Obs {
	names := []string{"Paris", "Versailles", "London", "New York", "Singapore", "Suva", "Apia", "Berlin"}
	users := []string{"ann", "bob", "cy", "dee", "", "service-account-etl"}
	out := make([]Obs, n)
	for i := range out {
		o := at(firstRow+int64(i), users[rng.IntN(len(users))], names[rng.IntN(len(names))],
			time.Duration(rng.IntN(40*24*60))*time.Minute)
		o.SessionID = "s" + itoa(int64(rng.IntN(n))) // ids repeat across snapshots (and sometimes within)
		o.LastActive = o.Created + int64(rng.IntN(3*24*3600))*1000
		o.Child = rng.IntN(5) == 0
		o.ASN = uint32(rng.IntN(3))
		switch rng.IntN(8) {
		case 0:
			o.SessionType, o.Application = "API", "Data Loader"
		case 1:
			o.HasCoords = false
		case 2:
			o.CountryCode = ""
		case 3:
			o.Browser = "Firefox 145"
		case 4:
			o.Endpoints = []Endpoint{ParseEndpoint(o.IP.String(), o.City+", "+o.CountryCode), ParseEndpoint("203.0.113.50", "Singapore, SG")}
		case 5:
			o.IP = netip.MustParseAddr("2001:db8::" + itoa(int64(rng.IntN(9))))
		}
		if rng.IntN(10) == 0 {
			o.Created = o.LastActive // a zero-length session
		}
		out[i] = o
	}
	return out
}

// Flags depend on the sessions, not on the order they arrive in.
func TestFlagsDoNotDependOnRowOrder(t *testing.T) {
	pol := Defaults()
	if err := Apply(&pol, map[string]string{FieldApprovedCountries: "FR, GB, DE", FieldApprovedNetworks: "81.0.0.0/8, 2001:db8::/33",
		FieldApprovedIntegrations: "backup", FieldMaxSessions: "3"}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rules := map[Rule]bool{}
	for round := range 40 {
		prevSnap := randomSnapshot(rng, 60, 1)
		_, prev := Compute(Context{Policy: pol, Now: t0}, prevSnap)
		snap := randomSnapshot(rng, 60, 1000)
		want, wantHist := Compute(Context{Policy: pol, Now: t0, Prev: prev}, snap)
		for _, f := range want {
			rules[f.Rule] = true
		}
		for range 5 {
			shuffled := slices.Clone(snap)
			rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			got, gotHist := Compute(Context{Policy: pol, Now: t0, Prev: prev}, shuffled)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: flags differ after shuffling:\n%+v\n%+v", round, got, want)
			}
			if !slices.Equal(gotHist.Encode(), wantHist.Encode()) {
				t.Fatalf("round %d: history differs after shuffling", round)
			}
		}
	}
	// The property means something only if the data tripped the rules.
	for _, ri := range Rules {
		if !rules[ri.Rule] {
			t.Errorf("rule %s never fired in the random data", ri.Rule)
		}
	}
}
