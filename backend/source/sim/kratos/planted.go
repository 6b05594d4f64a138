package kratossim

import (
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// Planted cases. With Users >= 10 the project holds, in place of its last ordinary identity:
//
//   - lena.hoffmann@<domain> with one active session whose devices list shows it used first
//     from Berlin (2a02:8109:1234::1, Cloudflare location "Berlin, DE") and then from São Paulo
//     (189.40.88.12, "São Paulo, BR"): one session id seen from another network and country,
//     the sign of a stolen cookie ("session drift"). Both addresses lie in blocks registered
//     in those countries, so a GeoIP lookup agrees with the locations.
//
// With Config.TiedSessions = N it also holds one more identity (TiedIdentity) with N active
// sessions that are the project's newest and share one created_at: what Kratos on SQLite
// loses across a page boundary (Config.SQLitePaging).
//
// Everything planted is fixed or drawn from its own random stream, so the ordinary data of a
// seed does not change with it and the same seed always plants the same thing.

const plantStream = 0x706c616e74 // "plant"

// plantIdentity adds an active identity with the default schema and returns its index.
func (g *generator) plantIdentity(first, last string, rng simkit.Rand) int32 {
	const day = int64(24 * time.Hour)
	k := int32(len(g.st.identities))
	idn := identity{id: newUUID(g.seed, tagIdentity, uint64(k)), first: first, last: last, schema: schemaDefault,
		login: g.unique(simkit.ASCIIFold(first)+"."+simkit.ASCIIFold(last), "@"+g.domain), verified: true}
	idn.created = g.now - g.lifespan - rng.Between(60*day, 400*day)
	idn.updated = idn.created + rng.Between(0, 5*day)
	g.st.identities = append(g.st.identities, idn)
	return k
}

// plantSession adds an active password session issued at issued with one device per entry of
// devs.
func (g *generator) plantSession(ident int32, issued int64, rng simkit.Rand, devs ...device) {
	s := session{id: newUUID(g.seed, tagSession, uint64(len(g.st.sessions))), ident: ident, active: true,
		issued: issued, expires: issued + g.lifespan, combo: 0, created: issued / 10000 * 10000}
	s.authed = s.issued - rng.Between(2e6, 400e6)
	s.dev, s.ndev = int32(len(g.st.devices)), uint8(len(devs))
	for _, d := range devs {
		d.id = newUUID(g.seed, tagDevice, uint64(len(g.st.devices)))
		g.st.devices = append(g.st.devices, d)
	}
	g.st.sessions = append(g.st.sessions, s)
}

func (g *generator) plantDrift() {
	rng := simkit.NewRand(g.seed, plantStream)
	k := g.plantIdentity("Lena", "Hoffmann", rng)
	chrome := int16(0) // Chrome on Windows, the table's first entry
	berlin, saoPaulo := int16(simkit.CityIndex("Berlin")), int16(simkit.CityIndex("São Paulo"))
	g.plantSession(k, g.now-int64(3*time.Hour)-rng.Between(0, 600e9), rng,
		device{ip: "2a02:8109:1234::1", ua: chrome, city: berlin},
		device{ip: "189.40.88.12", ua: chrome, city: saoPaulo})
}

func (g *generator) plantTied(n int) int32 {
	rng := simkit.NewRand(g.seed, plantStream+1)
	k := g.plantIdentity("Kenji", "Sato", rng)
	home := simkit.CityIndex("Osaka")
	// Newer than every generated session (those are issued 5 s ago or earlier), all at the
	// same instant, as a burst of logins written in one database tick.
	issued := g.now - int64(time.Second)
	for range n {
		ip := simkit.PublicIP(g.seed, k, home, false).String()
		g.plantSession(k, issued, rng, device{ip: ip, ua: int16(rng.PickCumulative(g.uaCum)), city: -1})
	}
	return k
}
