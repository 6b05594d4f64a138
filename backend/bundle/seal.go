package bundle

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"io"
)

// The seal follows the database part of a bundle:
//
//	"SSSEAL01" | SHA-256 of the database part (32) | Ed25519 signature (64) |
//	length of the database part, big-endian (8) | "SSBUNDLE"
//
// The signature is over sealContext followed by the hash, so a seal can never be mistaken for
// a manifest signature made with the same key.
const (
	sealStart = "SSSEAL01"
	sealEnd   = "SSBUNDLE"
	sealSize  = 8 + 32 + ed25519.SignatureSize + 8 + 8
)

var sealContext = []byte("sessionscope bundle seal v1\x00")

// sqliteMagic opens every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

type seal struct {
	hash   [32]byte
	sig    []byte
	length int64
}

func (s seal) encode() []byte {
	b := make([]byte, 0, sealSize)
	b = append(b, sealStart...)
	b = append(b, s.hash[:]...)
	b = append(b, s.sig...)
	b = binary.BigEndian.AppendUint64(b, uint64(s.length))
	return append(b, sealEnd...)
}

func signSeal(key ed25519.PrivateKey, hash [32]byte, length int64) seal {
	return seal{hash: hash, sig: ed25519.Sign(key, append(append([]byte{}, sealContext...), hash[:]...)), length: length}
}

func (s seal) verify(pub ed25519.PublicKey) bool {
	return ed25519.Verify(pub, append(append([]byte{}, sealContext...), s.hash[:]...), s.sig)
}

// readSeal reads the seal at the end of a file of the given size; ok is false when there is
// none (the end is not a seal, or its length does not fit the file).
func readSeal(r io.ReaderAt, size int64) (seal, bool, error) {
	if size < sealSize {
		return seal{}, false, nil
	}
	b := make([]byte, sealSize)
	if _, err := r.ReadAt(b, size-sealSize); err != nil {
		return seal{}, false, err
	}
	if !bytes.Equal(b[:8], []byte(sealStart)) || !bytes.Equal(b[sealSize-8:], []byte(sealEnd)) {
		return seal{}, false, nil
	}
	var s seal
	copy(s.hash[:], b[8:40])
	s.sig = append([]byte{}, b[40:40+ed25519.SignatureSize]...)
	s.length = int64(binary.BigEndian.Uint64(b[40+ed25519.SignatureSize:]))
	if s.length != size-sealSize {
		return seal{}, false, nil
	}
	return s, true, nil
}

// headerSize is the database size the SQLite header states (page size × page count), 0 when
// the header does not state one.
func headerSize(header []byte) int64 {
	if len(header) < 100 {
		return 0
	}
	pageSize := int64(binary.BigEndian.Uint16(header[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(header[28:32]))
	return pageSize * pages
}
