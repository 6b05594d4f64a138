package risk

import (
	"net"
	"net/netip"
	"strings"
)

// ParseEndpoint reads one entry of a server's per-session device list: the address as the
// server recorded it (bare, or Kratos's "host:port" TCP peer) and its "City, CC" location.
func ParseEndpoint(ip, location string) Endpoint {
	ep := Endpoint{Location: strings.TrimSpace(location)}
	ip = strings.TrimSpace(ip)
	if a, err := netip.ParseAddr(ip); err == nil {
		ep.IP = a.Unmap()
	} else if host, _, err := net.SplitHostPort(ip); err == nil {
		if a, err := netip.ParseAddr(host); err == nil {
			ep.IP = a.Unmap()
		}
	}
	cc := ep.Location
	if i := strings.LastIndex(cc, ","); i >= 0 {
		cc = cc[i+1:]
	}
	// Cloudflare, whose headers Kratos copies, writes XX for "unknown" and T1 for Tor.
	if cc = strings.ToUpper(strings.TrimSpace(cc)); IsCountryCode(cc) {
		ep.CountryCode = cc
	}
	return ep
}
