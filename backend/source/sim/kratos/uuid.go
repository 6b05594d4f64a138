package kratossim

import (
	"encoding/hex"
	"fmt"
	"strings"

	"sessionscope/backend/source/sim/simkit"
)

// uuid is a 16-byte id in the form Kratos uses for every resource (version 4).
type uuid = simkit.UUID

// newUUID derives a version-4 UUID from the seed, a kind tag and a counter, so that the same
// configuration always produces the same ids.
func newUUID(seed, tag, n uint64) uuid {
	a := simkit.Splitmix(seed ^ simkit.Splitmix(tag<<40^n))
	return simkit.UUIDFrom(a, simkit.Splitmix(a^0x5bd1e995))
}

// parseUUID accepts what Kratos's UUID parser accepts (canonical, braced, urn:uuid:, or 32 hex
// digits) and fails with its messages.
func parseUUID(s string) (uuid, error) {
	var u uuid
	t := s
	switch {
	case strings.HasPrefix(strings.ToLower(t), "urn:uuid:"):
		t = t[9:]
	case len(t) == 38 && t[0] == '{' && t[37] == '}':
		t = t[1:37]
	}
	switch len(t) {
	case 36:
		if t[8] != '-' || t[13] != '-' || t[18] != '-' || t[23] != '-' {
			return u, fmt.Errorf("uuid: incorrect UUID format in string %q", s)
		}
		t = t[0:8] + t[9:13] + t[14:18] + t[19:23] + t[24:]
	case 32:
	default:
		return u, fmt.Errorf("uuid: incorrect UUID length %d in string %q", len(s), s)
	}
	if _, err := hex.Decode(u[:], []byte(t)); err != nil {
		return u, fmt.Errorf("uuid: incorrect UUID format in string %q", s)
	}
	return u, nil
}
