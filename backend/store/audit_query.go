package store

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/session"
)

// AuditFilter selects audit entries for the audit view and its CSV export. Empty fields
// select everything.
type AuditFilter struct {
	Actor      string    `json:"actor"`      // who: part of the actor, case-insensitive
	Connection string    `json:"connection"` // org: the connection name, exact
	Action     string    `json:"action"`     // exact ("signout.session") or a family ("signout")
	Result     string    `json:"result"`     // exact (ended, already_gone, failed, refused, …)
	From       time.Time `json:"from"`
	To         time.Time `json:"to"`       // exclusive
	Text       string    `json:"text"`     // part of the target, reason or detail, case-insensitive
	BeforeID   int64     `json:"beforeId"` // paging: only entries older than this one
	Limit      int       `json:"limit"`    // 1–1000; 0 = 100
}

func (f AuditFilter) where() (string, []any, error) {
	for _, t := range []string{f.Actor, f.Connection, f.Action, f.Result, f.Text} {
		if len(t) > 200 {
			return "", nil, &session.FilterError{Msg: "audit filter text is too long"}
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return "", nil, &session.FilterError{Msg: "the time range ends before it starts"}
	}
	var parts []string
	var args []any
	if a := strings.TrimSpace(f.Actor); a != "" {
		parts, args = append(parts, `instr(lower(actor), lower(?)) > 0`), append(args, a)
	}
	if c := strings.TrimSpace(f.Connection); c != "" {
		parts, args = append(parts, `connection = ?`), append(args, c)
	}
	if a := strings.TrimSpace(f.Action); a != "" {
		parts, args = append(parts, `(action = ? OR substr(action, 1, ?) = ?)`), append(args, a, len(a)+1, a+".")
	}
	if r := strings.TrimSpace(f.Result); r != "" {
		parts, args = append(parts, `result = ?`), append(args, r)
	}
	if !f.From.IsZero() {
		parts, args = append(parts, `at >= ?`), append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		parts, args = append(parts, `at < ?`), append(args, f.To.UnixMilli())
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		parts = append(parts, `(instr(lower(target), lower(?)) > 0 OR instr(lower(reason), lower(?)) > 0 OR instr(lower(detail), lower(?)) > 0)`)
		args = append(args, t, t, t)
	}
	if f.BeforeID > 0 {
		parts, args = append(parts, `id < ?`), append(args, f.BeforeID)
	}
	if len(parts) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(parts, " AND "), args, nil
}

// AuditQuery returns one page of matching entries, newest first; page on with BeforeID set to
// the last entry's id.
func (s *Store) AuditQuery(ctx context.Context, f AuditFilter) ([]session.AuditEntry, error) {
	if f.Limit == 0 {
		f.Limit = 100
	}
	if f.Limit < 0 || f.Limit > 1000 {
		return nil, &session.FilterError{Msg: fmt.Sprintf("page size %d is outside 1–1000", f.Limit)}
	}
	var out []session.AuditEntry
	err := s.eachAudit(ctx, f, f.Limit, func(e session.AuditEntry) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

func (s *Store) eachAudit(ctx context.Context, f AuditFilter, limit int, fn func(session.AuditEntry) error) error {
	where, args, err := f.where()
	if err != nil {
		return err
	}
	q := `SELECT id, at, actor, action, connection, target, reason, result, detail, hash FROM audit` + where + ` ORDER BY id DESC`
	if limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read the audit trail: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e session.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Connection, &e.Target, &e.Reason, &e.Result, &e.Detail, &e.Hash); err != nil {
			return err
		}
		e.At = time.UnixMilli(at).UTC()
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AuditCSVHeader is the first line of an audit export.
var AuditCSVHeader = []string{"id", "at", "actor", "action", "connection", "target", "reason", "result", "detail", "hash"}

// WriteAuditCSV writes every entry matching f (Limit and BeforeID apply when set), newest
// first, as CSV with a header, and returns how many entries it wrote. Text that a spreadsheet
// would run as a formula is prefixed with a quote.
func (s *Store) WriteAuditCSV(ctx context.Context, w io.Writer, f AuditFilter) (int, error) {
	if f.Limit < 0 {
		return 0, &session.FilterError{Msg: "the export size cannot be negative"}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(AuditCSVHeader); err != nil {
		return 0, err
	}
	n := 0
	err := s.eachAudit(ctx, f, f.Limit, func(e session.AuditEntry) error {
		n++
		c := csvCell
		return cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.Format(time.RFC3339Nano), c(e.Actor), c(e.Action),
			c(e.Connection), c(e.Target), c(e.Reason), c(e.Result), c(e.Detail), e.Hash})
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

// csvCell keeps text from being read as a formula by spreadsheet programs.
func csvCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
