package kratossim

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
)

// uuid is a 16-byte id in the form Kratos uses for every resource (version 4).
type uuid [16]byte

func (u uuid) String() string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

func (u uuid) less(v uuid) bool { return bytes.Compare(u[:], v[:]) < 0 }

// newUUID derives a version-4 UUID from the seed, a kind tag and a counter, so that the same
// configuration always produces the same ids.
func newUUID(seed, tag, n uint64) uuid {
	var u uuid
	a := splitmix(seed ^ splitmix(tag<<40^n))
	b := splitmix(a ^ 0x5bd1e995)
	for i := 0; i < 8; i++ {
		u[i], u[8+i] = byte(a>>(8*i)), byte(b>>(8*i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
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

const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

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
