package keycloaksim

import (
	"encoding/hex"
	"errors"
)

// uuid is a 16-byte identifier rendered in the 8-4-4-4-12 form Keycloak uses for users,
// clients and user sessions.
type uuid [16]byte

// newUUID derives a version-4 style UUID from seed, a tag naming the id space and a counter,
// so that the same Config always yields the same ids.
func newUUID(seed, tag, n uint64) uuid {
	a := splitmix(seed ^ splitmix(tag*0x9e3779b97f4a7c15^n))
	b := splitmix(a ^ n ^ 0x5bd1e995)
	var u uuid
	for i := 0; i < 8; i++ {
		u[i] = byte(a >> (8 * i))
		u[8+i] = byte(b >> (8 * i))
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u
}

func (u uuid) String() string { return string(u.appendTo(nil)) }

func (u uuid) appendTo(b []byte) []byte {
	var buf [36]byte
	hex.Encode(buf[0:8], u[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], u[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], u[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], u[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:36], u[10:16])
	return append(b, buf[:]...)
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

const tokenAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// detString derives n characters from alphabet, deterministically from seed and tag.
func detString(seed, tag uint64, n int, alphabet string) string {
	b := make([]byte, n)
	x := splitmix(seed ^ (tag * 0x9e3779b97f4a7c15))
	for i := range b {
		x = splitmix(x)
		b[i] = alphabet[x%uint64(len(alphabet))]
	}
	return string(b)
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
