package store

import (
	"net"
	"net/netip"
	"strings"

	"sessionscope/backend/session"
)

// parseIP reads an address as servers report it: plain, "host:port", "[v6]:port".
func parseIP(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.WithZone(""), true
	}
	if h, _, err := net.SplitHostPort(s); err == nil {
		if a, err := netip.ParseAddr(h); err == nil {
			return a.WithZone(""), true
		}
	}
	return netip.Addr{}, false
}

// ipBin is the 16-byte form stored for range queries (nil when there is no address).
func ipBin(s string) any {
	a, ok := parseIP(s)
	if !ok {
		return nil
	}
	b := a.As16()
	return b[:]
}

// cidrRange turns "10.0.0.0/8" or "2001:db8::/32" into the first and last 16-byte addresses.
func cidrRange(text string) ([]byte, []byte, error) {
	p, err := netip.ParsePrefix(strings.TrimSpace(text))
	if err != nil {
		return nil, nil, &session.FilterError{Msg: "\"" + text + "\" is not a CIDR range (like 10.0.0.0/8 or 2001:db8::/32)"}
	}
	p = p.Masked()
	lo := p.Addr().As16()
	hi := lo
	bits := p.Bits()
	if p.Addr().Is4() {
		bits += 96 // inside the IPv4-mapped form
	}
	for i := bits; i < 128; i++ {
		hi[i/8] |= 1 << (7 - uint(i%8))
	}
	return lo[:], hi[:], nil
}
