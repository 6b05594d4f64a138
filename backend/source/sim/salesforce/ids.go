package salesforcesim

import "sessionscope/backend/source/sim/simkit"

// Salesforce record ids: a 3-character key prefix naming the object type, a 2-character pod
// code, a reserved character, a 9-character base-62 counter, and (for the 18-character form)
// a 3-character suffix that encodes the case of the first 15 characters so that the id
// survives case-insensitive handling.

const (
	base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	suffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
)

// idSuffix computes the 3-character case-safety suffix of a 15-character id: for each
// 5-character chunk, bit j is set when character j of the chunk is an upper-case letter.
func idSuffix(id15 []byte) [3]byte {
	var out [3]byte
	for chunk := 0; chunk < 3; chunk++ {
		bits := 0
		for j := 0; j < 5; j++ {
			c := id15[chunk*5+j]
			if c >= 'A' && c <= 'Z' {
				bits |= 1 << j
			}
		}
		out[chunk] = suffixAlphabet[bits]
	}
	return out
}

// to18 converts a 15-character id to its 18-character form. Other input is returned unchanged.
func to18(id string) string {
	if len(id) != 15 || !isAlnum(id) {
		return id
	}
	s := idSuffix([]byte(id))
	return id + string(s[:])
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// normalizeID turns a 15- or 18-character id into its case-correct 15-character form. An
// 18-character id is accepted in any case: its suffix restores the case of the first 15
// characters, as Salesforce does. ok is false for anything that is not a well-formed id.
func normalizeID(id string) (string, bool) {
	if !isAlnum(id) {
		return "", false
	}
	switch len(id) {
	case 15:
		return id, true
	case 18:
	default:
		return "", false
	}
	b := []byte(id[:15])
	for chunk := 0; chunk < 3; chunk++ {
		c := id[15+chunk]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		bits := -1
		for k := 0; k < len(suffixAlphabet); k++ {
			if suffixAlphabet[k] == c {
				bits = k
				break
			}
		}
		if bits < 0 {
			return "", false
		}
		for j := 0; j < 5; j++ {
			p := chunk*5 + j
			upper := bits&(1<<j) != 0
			switch {
			case !isLetter(b[p]):
				if upper {
					return "", false
				}
			case upper && b[p] >= 'a':
				b[p] -= 'a' - 'A'
			case !upper && b[p] <= 'Z':
				b[p] += 'a' - 'A'
			}
		}
	}
	return string(b), true
}

// idSpace generates the ids of one object type. The counter of record i is
// base + 3*i + jitter(i) with jitter in [0,3): strictly increasing (so ids sort in creation
// order, as real ones do) yet not consecutive, and decodable back to i without a table.
type idSpace struct {
	prefix string
	pod    string
	base   uint64
	salt   uint64
}

func (sp *idSpace) counter(i int) uint64 {
	return sp.base + 3*uint64(i) + simkit.Splitmix(sp.salt+uint64(i))%3
}

// append15 appends the 15-character id of record i.
func (sp *idSpace) append15(dst []byte, i int) []byte {
	var buf [15]byte
	copy(buf[:3], sp.prefix)
	copy(buf[3:5], sp.pod)
	buf[5] = '0'
	c := sp.counter(i)
	for k := 14; k >= 6; k-- {
		buf[k] = base62Alphabet[c%62]
		c /= 62
	}
	return append(dst, buf[:]...)
}

// append18 appends the 18-character id of record i.
func (sp *idSpace) append18(dst []byte, i int) []byte {
	n := len(dst)
	dst = sp.append15(dst, i)
	s := idSuffix(dst[n:])
	return append(dst, s[:]...)
}

func (sp *idSpace) id18(i int) string { return string(sp.append18(make([]byte, 0, 18), i)) }

// index decodes a normalized 15-character id of this space back to its record number.
// ok is false when the id belongs to another object type, pod or was never issued
// (the caller still has to check i against the number of records).
func (sp *idSpace) index(id15 string) (int, bool) {
	if len(id15) != 15 || id15[:3] != sp.prefix || id15[3:5] != sp.pod || id15[5] != '0' {
		return 0, false
	}
	var c uint64
	for k := 6; k < 15; k++ {
		d := base62Value(id15[k])
		if d < 0 {
			return 0, false
		}
		c = c*62 + uint64(d)
	}
	if c < sp.base {
		return 0, false
	}
	i := int((c - sp.base) / 3)
	if sp.counter(i) != c {
		return 0, false
	}
	return i, true
}

func base62Value(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 36
	}
	return -1
}
