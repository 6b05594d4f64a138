// Package sfimport reads the CSV exports Salesforce admins already make — a Data Loader export
// of AuthSession or LoginHistory, the Setup ▸ Login History download, an EventLogFile Login
// file — into sessions of the common model, so they are reviewed like a refresh.
//
// Who may import it: backend/workspace only (tests aside); the window and the command line
// import through the workspace.
//
// What it accepts, as the exports vary: headers in any case, with or without spaces or
// underscores ("LoginTime", "Login Time", "LOGIN_TIME"), relationship fields as dotted columns
// ("Users.Username", "LoginGeo.City"); a ';' or ',' separator (sniffed from the header line);
// a UTF-8 byte order mark; times as ISO 8601 with "+0000", "+00:00" or "Z", or the event
// log's "yyyyMMddHHmmss.SSS" (UTC). An IP column holding text that is no address (Salesforce
// writes "Salesforce.com IP" for its own calls) becomes no IP. A row whose date, number,
// coordinate or flag cannot be read is skipped and reported with its line and why: it never
// becomes a wrong value. Rows are read one at a time (encoding/csv) and a record longer than
// 1 MB ends the import (limit.go), so memory does not grow with the file.
package sfimport

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"sessionscope/backend/session"
)

// Kinds of export.
const (
	KindAuthSession  = "AuthSession"
	KindLoginHistory = "LoginHistory"
	KindLoginEvents  = "EventLogFile Login"
)

// maxProblems bounds the skipped rows a report lists (the count stays exact).
const maxProblems = 200

// maxField bounds one cell: a longer one skips its row (an export's longest field, LogoutUrl,
// is 1500 characters).
const maxField = 64 << 10

// Report says what an import read, what it kept and what it skipped.
type Report struct {
	Kind      string
	Separator string // "," or ";"
	Rows      int    // data rows read
	Imported  int
	Skipped   int
	Problems  []Problem // the first maxProblems skipped rows
}

// Problem is one skipped row.
type Problem struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// Error is a file that cannot be imported at all (no header, columns of no known export).
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// Read reads an export and calls fn with each session, in file order. It stops at fn's first
// error. The report is complete when err is nil.
func Read(r io.Reader, fn func(session.Session) error) (Report, error) {
	br := bufio.NewReaderSize(&recordLimiter{r: r, max: maxRecord}, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	var rep Report
	sep, err := sniff(br)
	if err != nil {
		return rep, err
	}
	rep.Separator = string(sep)
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1 // a row of the wrong width is skipped and reported, not fatal
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return rep, &Error{fmt.Sprintf("the file has no header row: %v", err)}
	}
	header = slices.Clone(header) // the reader reuses its record
	cols := columnsOf(header)
	m, err := mapperFor(cols)
	if err != nil {
		return rep, err
	}
	rep.Kind = m.kind
	skip := func(line int, reason string) {
		rep.Skipped++
		if len(rep.Problems) < maxProblems {
			rep.Problems = append(rep.Problems, Problem{line, reason})
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			var ie *Error
			switch {
			case errors.As(err, &ie):
				return rep, ie
			case !errors.As(err, &pe):
				return rep, fmt.Errorf("read the file: %w", err)
			}
			rep.Rows++
			skip(pe.StartLine, "not valid CSV: "+pe.Err.Error())
			continue
		}
		if len(rec) == 1 && rec[0] == "" { // a blank line
			continue
		}
		line, _ := cr.FieldPos(0) // after the error check: a record that failed has no fields
		rep.Rows++
		if len(rec) != len(header) {
			skip(line, fmt.Sprintf("%d cells, the header has %d", len(rec), len(header)))
			continue
		}
		if long := longCell(rec); long >= 0 {
			skip(line, fmt.Sprintf("the cell of column %q is longer than %d bytes", header[long], maxField))
			continue
		}
		row := rowOf(cols, header, rec)
		s, err := m.mapRow(row)
		if err != nil {
			skip(line, err.Error())
			continue
		}
		s.Raw = rawOf(header, rec)
		if err := fn(s); err != nil {
			return rep, err
		}
		rep.Imported++
	}
	return rep, nil
}

// sniff picks the separator from the header line: ';' when it has more semicolons than commas
// outside quotes.
func sniff(br *bufio.Reader) (rune, error) {
	var line []byte
	for n := 4 << 10; ; n *= 4 {
		n = min(n, br.Size())
		b, err := br.Peek(n)
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i]
			break
		}
		if err != nil || n == br.Size() {
			line = b
			break
		}
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return 0, &Error{"the file is empty: no header row"}
	}
	commas, semis, quoted := 0, 0, false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';', nil
	}
	return ',', nil
}

func longCell(rec []string) int {
	for i, v := range rec {
		if len(v) > maxField {
			return i
		}
	}
	return -1
}

// columnKey is a header in the form mapping looks up: lower case, without spaces and
// underscores, dots kept ("Users.Username" → "users.username", "LOGIN_TIME" → "logintime").
func columnKey(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.NewReplacer(" ", "", "_", "").Replace(h)
}

// columns maps a column key to its index.
type columns map[string]int

func columnsOf(header []string) columns {
	c := columns{}
	for i, h := range header {
		k := columnKey(h)
		if _, dup := c[k]; !dup {
			c[k] = i
		}
	}
	return c
}

func (c columns) has(keys ...string) bool {
	for _, k := range keys {
		if _, ok := c[k]; !ok {
			return false
		}
	}
	return true
}

// row reads one record's cells by column key; a missing column reads as "".
type row struct {
	cols   columns
	rec    []string
	header []string
}

func rowOf(c columns, header, rec []string) row { return row{c, rec, header} }

// name is the column's header as the file spells it, for messages.
func (r row) name(key string) string {
	if i, ok := r.cols[key]; ok {
		return strings.TrimSpace(r.header[i])
	}
	return key
}

func (r row) get(keys ...string) string {
	for _, k := range keys {
		if i, ok := r.cols[k]; ok {
			return strings.TrimSpace(r.rec[i])
		}
	}
	return ""
}

// rawOf keeps the row as the session's raw record: an object of header → cell.
func rawOf(header, rec []string) json.RawMessage {
	m := make(map[string]string, len(header))
	for i, h := range header {
		m[h] = rec[i]
	}
	b, _ := json.Marshal(m)
	return b
}
