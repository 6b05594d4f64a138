package simkit

import "net/netip"

// ipv4FirstOctets lists, per region, first octets of blocks handed to that region's registry
// and routed on the public internet. None is private, shared, loopback or multicast; the
// generator keeps the second octet in 1..254, which also keeps clear of 203.0.113.0/24.
var ipv4FirstOctets = [...][]byte{
	Europe:       {2, 5, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 109, 141, 145, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217},
	NorthAmerica: {23, 24, 50, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99, 104, 107, 108, 142, 162, 173, 174, 184, 204, 206, 207, 208, 209},
	SouthAmerica: {152, 170, 177, 179, 181, 186, 187, 189, 190, 191, 200, 201},
	Africa:       {41, 102, 105, 154, 196, 197},
	Asia:         {1, 14, 27, 36, 39, 42, 43, 49, 58, 59, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 175, 180, 182, 183, 210, 211, 218, 219, 220, 221, 222},
	Oceania:      {1, 27, 49, 101, 103, 110, 115, 120, 121, 124, 139, 144, 150, 202, 203},
}

// ipv6Prefixes lists, per region, the first two or three groups of real access-network
// allocations (never 2001:db8::/32).
var ipv6Prefixes = [...][][3]uint16{
	Europe:       {{0x2a01, 0xcb1c, 0}, {0x2a02, 0x8109, 0}, {0x2a00, 0x23c7, 0}, {0x2001, 0x0861, 0}, {0x2a02, 0x0810, 0}},
	NorthAmerica: {{0x2600, 0x1700, 0}, {0x2601, 0x0645, 0}, {0x2603, 0x8000, 0}, {0x2607, 0xfb90, 0}},
	SouthAmerica: {{0x2804, 0x014c, 0}, {0x2800, 0x0810, 0}},
	Africa:       {{0x2c0f, 0xf4c0, 0}, {0x2c0f, 0xfe38, 0}},
	Asia:         {{0x2400, 0x4050, 0}, {0x2404, 0x7a80, 0}, {0x2406, 0x3003, 0}, {0x2409, 0x4042, 0}},
	Oceania:      {{0x2001, 0x8003, 0}, {0x2403, 0x5800, 0}},
}

// asns lists, per region, autonomous systems of large access and mobile networks there:
// the session's device.*_asn fields name the network an address belongs to.
var asns = [...][]string{
	Europe:       {"3320", "3215", "2856", "5089", "12322", "3352", "1136", "6830", "3269", "5410", "8881", "16276"},
	NorthAmerica: {"7922", "7018", "701", "20115", "22773", "812", "577", "21928", "6167", "5650"},
	SouthAmerica: {"28573", "18881", "7303", "10318", "27651", "3816"},
	Africa:       {"37100", "36935", "29975", "33771", "24835", "37457"},
	Asia:         {"4134", "4837", "4766", "2516", "9829", "55836", "4788", "9299", "17676", "3462"},
	Oceania:      {"1221", "4804", "7545", "9500", "4771"},
}

// IPFor gives the public address user u has in city c: the same seed, user and city always
// yield the same address. About one in twelve is IPv6.
func IPFor(seed uint64, u int32, c int) netip.Addr {
	h := ipHash(seed, u, c)
	return publicAddr(h, Cities[c].Region, h%100 < 8)
}

// PublicIP is IPFor with the address family chosen by the caller.
func PublicIP(seed uint64, u int32, c int, v6 bool) netip.Addr {
	return publicAddr(ipHash(seed, u, c), Cities[c].Region, v6)
}

// ASNFor names the autonomous system ("AS3320") that IPFor(seed, u, c) belongs to.
func ASNFor(seed uint64, u int32, c int) string {
	h := Splitmix(seed ^ 0xa5a5 ^ Splitmix(uint64(u)<<8|uint64(c)))
	list := asns[Cities[c].Region]
	return "AS" + list[h%uint64(len(list))]
}

func ipHash(seed uint64, u int32, c int) uint64 {
	return Splitmix(seed ^ Splitmix(uint64(u)<<8|uint64(c)))
}

// publicAddr derives an address in one of the region's blocks from the hash h.
func publicAddr(h uint64, reg Region, v6 bool) netip.Addr {
	if v6 {
		ps := ipv6Prefixes[reg]
		p := ps[(h>>8)%uint64(len(ps))]
		t := Splitmix(h)
		groups := [8]uint16{p[0], p[1], uint16(t), uint16(t >> 16), uint16(t >> 32), uint16(t >> 48), uint16(h >> 20), uint16(h >> 40)}
		var b [16]byte
		for i, v := range groups {
			b[2*i], b[2*i+1] = byte(v>>8), byte(v)
		}
		return netip.AddrFrom16(b)
	}
	oct := ipv4FirstOctets[reg]
	return netip.AddrFrom4([4]byte{oct[(h>>8)%uint64(len(oct))], byte(1 + (h>>16)%254), byte(h >> 24), byte(1 + (h>>32)%254)})
}
