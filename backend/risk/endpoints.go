package risk

import (
	"encoding/json"
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

// EndpointsFromKratos reads the devices[] list of an Ory Kratos session record (each with
// ip_address and location); nil when the record has none or is not one.
func EndpointsFromKratos(raw []byte) []Endpoint {
	var rec struct {
		Devices []struct {
			IPAddress *string `json:"ip_address"`
			Location  *string `json:"location"`
		} `json:"devices"`
	}
	if json.Unmarshal(raw, &rec) != nil {
		return nil
	}
	var out []Endpoint
	for _, d := range rec.Devices {
		var ip, loc string
		if d.IPAddress != nil {
			ip = *d.IPAddress
		}
		if d.Location != nil {
			loc = *d.Location
		}
		out = append(out, ParseEndpoint(ip, loc))
	}
	return out
}
