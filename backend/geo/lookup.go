package geo

import (
	"context"
	"net/netip"

	"sessionscope/backend/session"
)

// dbipRecord is one record of the DB-IP Lite City files published by @ip-location-db: flat,
// unlike MaxMind's nested schema (which is why geoip2-golang refuses to open them).
type dbipRecord struct {
	City        string  `maxminddb:"city"`
	CountryCode string  `maxminddb:"country_code"`
	Latitude    float64 `maxminddb:"latitude"`
	Longitude   float64 `maxminddb:"longitude"`
	State1      string  `maxminddb:"state1"`
	Postcode    string  `maxminddb:"postcode"`
	Timezone    string  `maxminddb:"timezone"`
}

// Enrich fills in location and device data for each session of page, in place. It has the
// jobs.Enricher signature: wire it as jobs.Enricher(e.Enrich).
//
// Location: a location the server gave (Geo.Source "server" with a country or coordinates)
// is kept. Otherwise SourceIP is normalised and classified: non-routable addresses get
// Geo.Source "private"; empty or unparsable ones get "" (unknown); public ones are looked up
// in the City database, then DB-IP, and get "geoip" or "dbip" — or "" when neither knows them.
//
// Device: when UserAgent is set, empty Browser / Platform / DeviceType fields are filled from
// it; fields the server already gave are kept.
//
// Enrich never fails; it stops early (leaving the rest of page untouched) if ctx is done.
func (e *Enricher) Enrich(ctx context.Context, page []session.Session) {
	for i := range page {
		if i%256 == 0 && ctx.Err() != nil {
			return
		}
		s := &page[i]
		e.enrichGeo(&s.Geo, s.SourceIP)
		if s.Geo.ASN == 0 {
			if n, org, ok := e.ASN(s.SourceIP); ok {
				s.Geo.ASN, s.Geo.ASNOrg = uint32(n), org
			}
		}
		e.enrichDevice(&s.Device)
	}
}

func serverLocated(g session.Geo) bool {
	return g.Source == SourceServer &&
		(g.Country != "" || g.CountryCode != "" || (g.Latitude != nil && g.Longitude != nil))
}

func (e *Enricher) enrichGeo(g *session.Geo, sourceIP string) {
	if serverLocated(*g) {
		return
	}
	addr, class := classify(sourceIP)
	var found session.Geo
	switch class {
	case ipPrivate:
		found = session.Geo{Source: SourcePrivate}
	case ipPublic:
		found = e.locate(addr)
	}
	if found.Source == "" && g.Source == SourceServer {
		return // partial server data (say, only a city) beats nothing
	}
	found.ASN, found.ASNOrg = g.ASN, g.ASNOrg // the server's own ASN, if it gave one, stays
	*g = found
}

// locate looks addr up (through the cache). The returned Geo has its own coordinate pointers,
// so callers may keep or change it freely.
func (e *Enricher) locate(addr netip.Addr) session.Geo {
	g, ok := e.ipCache.get(addr)
	if !ok {
		g = e.lookupGeo(addr)
		e.ipCache.put(addr, g)
	}
	if g.Latitude != nil {
		lat := *g.Latitude
		g.Latitude = &lat
	}
	if g.Longitude != nil {
		lon := *g.Longitude
		g.Longitude = &lon
	}
	return g
}

// lookupGeo queries the databases: the City database first, then DB-IP.
func (e *Enricher) lookupGeo(addr netip.Addr) session.Geo {
	e.closeMu.RLock()
	defer e.closeMu.RUnlock()
	if e.closed {
		return session.Geo{}
	}
	defer e.looked() // after the lookup, still under closeMu
	if e.city != nil {
		if c, err := e.city.City(addr); err == nil && (c.Country.ISOCode != "" || c.Location.HasCoordinates()) {
			g := session.Geo{
				City:        c.City.Names.English,
				Country:     c.Country.Names.English,
				CountryCode: c.Country.ISOCode,
				PostalCode:  c.Postal.Code,
				Latitude:    c.Location.Latitude,
				Longitude:   c.Location.Longitude,
				Source:      SourceGeoIP,
			}
			if len(c.Subdivisions) > 0 {
				g.Subdivision = c.Subdivisions[0].Names.English
			}
			return g
		}
	}
	db := e.dbipV6
	if addr.Is4() {
		db = e.dbipV4
	}
	if db != nil {
		var rec dbipRecord
		res := db.Lookup(addr)
		if res.Found() && res.Decode(&rec) == nil && (rec.CountryCode != "" || rec.City != "") {
			lat, lon := rec.Latitude, rec.Longitude
			return session.Geo{
				City:        rec.City,
				Subdivision: rec.State1,
				CountryCode: rec.CountryCode, // the files carry no country names
				PostalCode:  rec.Postcode,
				Latitude:    &lat,
				Longitude:   &lon,
				Source:      SourceDBIP,
			}
		}
	}
	return session.Geo{}
}

// ASN returns the autonomous system that ip (in any form SourceIP accepts) belongs to. ok is
// false without an ASN database, for private or invalid addresses, and for unknown networks.
func (e *Enricher) ASN(ip string) (number uint, org string, ok bool) {
	if e.asn == nil {
		return 0, "", false
	}
	addr, class := classify(ip)
	if class != ipPublic {
		return 0, "", false
	}
	info, hit := e.asCache.get(addr)
	if !hit {
		info = e.lookupASN(addr)
		e.asCache.put(addr, info)
	}
	return info.number, info.org, info.ok
}

func (e *Enricher) lookupASN(addr netip.Addr) asnInfo {
	e.closeMu.RLock()
	defer e.closeMu.RUnlock()
	if e.closed {
		return asnInfo{}
	}
	defer e.looked() // after the lookup, still under closeMu
	a, err := e.asn.ASN(addr)
	if err != nil || a.AutonomousSystemNumber == 0 {
		return asnInfo{}
	}
	return asnInfo{number: a.AutonomousSystemNumber, org: a.AutonomousSystemOrganization, ok: true}
}
