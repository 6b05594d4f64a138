package risk

import (
	"encoding/binary"
	"errors"
)

// The stored form of a History: a small fixed header, then fixed-size records, little endian.
// A binary layout rather than gob: a million entries decode in milliseconds.
//
//	"RH1\x00" | seq u32 | count u32 | nseen u32 | nsessions u32
//	seen:     key u64 | last u32
//	sessions: hash u64 | family u8 (0 none, 4, 6) | ip [16]byte | asn u32 | cc [2]byte
const historyMagic = "RH1\x00"

const (
	seenSize    = 12
	sessionSize = 31
)

// Encode writes the history in its stored form.
func (h *History) Encode() []byte {
	buf := make([]byte, 0, 20+len(h.seen)*seenSize+len(h.sessions)*sessionSize)
	buf = append(buf, historyMagic...)
	buf = binary.LittleEndian.AppendUint32(buf, h.Seq)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(h.Count))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(h.seen)))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(h.sessions)))
	for _, e := range h.seen {
		buf = binary.LittleEndian.AppendUint64(buf, e.key)
		buf = binary.LittleEndian.AppendUint32(buf, e.last)
	}
	for _, s := range h.sessions {
		buf = binary.LittleEndian.AppendUint64(buf, s.hash)
		buf = append(buf, s.fam)
		buf = append(buf, s.ip16[:]...)
		buf = binary.LittleEndian.AppendUint32(buf, s.asn)
		buf = append(buf, s.cc2[:]...)
	}
	return buf
}

// DecodeHistory reads a stored history; a damaged one is an error, never a partial history.
func DecodeHistory(b []byte) (*History, error) {
	bad := errors.New("the stored flag history is damaged")
	if len(b) < 20 || string(b[:4]) != historyMagic {
		return nil, bad
	}
	le := binary.LittleEndian
	h := &History{Seq: le.Uint32(b[4:]), Count: int(le.Uint32(b[8:]))}
	nSeen, nSess := int(le.Uint32(b[12:])), int(le.Uint32(b[16:]))
	if len(b) != 20+nSeen*seenSize+nSess*sessionSize || h.Count > HistoryMax {
		return nil, bad
	}
	p := b[20:]
	h.seen = make([]seenEntry, nSeen)
	for i := range h.seen {
		h.seen[i] = seenEntry{le.Uint64(p), le.Uint32(p[8:])}
		if i > 0 && h.seen[i-1].key >= h.seen[i].key {
			return nil, bad
		}
		p = p[seenSize:]
	}
	h.sessions = make([]sessionEntry, nSess)
	for i := range h.sessions {
		s := &h.sessions[i]
		s.hash, s.fam = le.Uint64(p), p[8]
		copy(s.ip16[:], p[9:25])
		s.asn = le.Uint32(p[25:])
		copy(s.cc2[:], p[29:31])
		if s.fam != 0 && s.fam != 4 && s.fam != 6 || i > 0 && h.sessions[i-1].hash > s.hash {
			return nil, bad
		}
		p = p[sessionSize:]
	}
	h.index()
	return h, nil
}
