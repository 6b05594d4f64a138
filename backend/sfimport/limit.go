package sfimport

import (
	"fmt"
	"io"
)

// maxRecord bounds one CSV record (a header or a row, newlines inside quotes included), so a
// hostile file — one endless quoted cell — cannot make the reader hold it all in memory.
const maxRecord = 1 << 20

// recordLimiter passes bytes through and fails once a record grows past max bytes. It follows
// the quoting as RFC 4180 does: a newline inside quotes does not end a record, and a doubled
// quote toggles twice, so it needs no special case.
type recordLimiter struct {
	r      io.Reader
	max    int
	n      int // bytes of the current record so far
	quoted bool
}

func (l *recordLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		switch {
		case c == '"':
			l.quoted = !l.quoted
		case c == '\n' && !l.quoted:
			l.n = 0
			continue
		}
		l.n++
		if l.n > l.max {
			return 0, &Error{fmt.Sprintf("a record is longer than %d bytes: this is no export", l.max)}
		}
	}
	return n, err
}
