package simkit

import (
	"bytes"
	"encoding/hex"
)

// UUID is a 16-byte identifier rendered in the 8-4-4-4-12 form.
type UUID [16]byte

// UUIDFrom makes a version-4 style UUID out of two 64-bit hashes (a fills the first eight
// bytes, b the last eight), with the version and RFC 4122 variant bits set.
func UUIDFrom(a, b uint64) UUID {
	var u UUID
	for i := 0; i < 8; i++ {
		u[i], u[8+i] = byte(a>>(8*i)), byte(b>>(8*i))
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u
}

// String is the canonical lower-case form.
func (u UUID) String() string { return string(u.AppendTo(nil)) }

// AppendTo appends the canonical form to b.
func (u UUID) AppendTo(b []byte) []byte {
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

// Less orders UUIDs bytewise (as databases sort UUID columns).
func (u UUID) Less(v UUID) bool { return bytes.Compare(u[:], v[:]) < 0 }
