package keycloaksim

import (
	"encoding/hex"
	"errors"

	"sessionscope/backend/source/sim/simkit"
)

// uuid is a 16-byte identifier rendered in the 8-4-4-4-12 form Keycloak uses for users,
// clients and user sessions.
type uuid = simkit.UUID

// newUUID derives a version-4 style UUID from seed, a tag naming the id space and a counter,
// so that the same Config always yields the same ids.
func newUUID(seed, tag, n uint64) uuid {
	a := simkit.Splitmix(seed ^ simkit.Splitmix(tag*0x9e3779b97f4a7c15^n))
	return simkit.UUIDFrom(a, simkit.Splitmix(a^n^0x5bd1e995))
}

var errBadUUID = errors.New("not a UUID")

// parseUUID reads the 36-character form (any case).
func parseUUID(s string) (uuid, error) {
	var u uuid
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u, errBadUUID
	}
	hexPart := s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:36]
	if _, err := hex.Decode(u[:], []byte(hexPart)); err != nil {
		return u, errBadUUID
	}
	return u, nil
}

// Id spaces (tags for newUUID).
const (
	tagUser uint64 = iota + 1
	tagClient
	tagSession
	tagRealm
	tagEvent
)

const tokenAlphabet = simkit.Alnum
