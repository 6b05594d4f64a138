package workspace

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/session"
)

// CSV export of any filtered view of sessions, for spreadsheets: one header row, one row per
// session of the current snapshots in the view's order, times in RFC 3339 (UTC), the flags
// as "rule:severity" joined with "|".
//
// Cells a spreadsheet would run as a formula — text from a server starting with = + - @, a
// tab or a carriage return — get a leading ' so they show as text. Numbers we write ourselves
// (coordinates, the ASN) are left alone: a negative latitude stays a number.
//
// The Excel option writes a UTF-8 byte order mark (without it Excel reads UTF-8 as the
// system's code page and garbles every accented name) and CRLF line ends. The separator is a
// separate choice, because the one Excel expects follows the system's list separator: ','
// in English locales, ';' where the decimal mark is a comma. Guessing it for the user would
// be wrong on half the machines, so it is an option (default ',').

// CSVOptions shape a CSV export.
type CSVOptions struct {
	Excel     bool // UTF-8 byte order mark and CRLF line ends
	Separator rune // ',' (default) or ';'
}

// csvHeader names the columns of a sessions export.
var csvHeader = []string{"connection", "id", "parent_id", "user_id", "username", "name", "user_type", "session_type",
	"login_type", "security_level", "created_at", "last_active_at", "expires_at", "source_ip", "country_code",
	"country", "city", "latitude", "longitude", "geo_source", "location_credit", "asn", "asn_org", "user_agent",
	"browser", "platform", "device_type", "is_current", "ended_at", "flags"}

// csvBatch is how many rows are written per flags lookup.
const csvBatch = 1000

// ExportSessionsCSV writes the sessions of a query (its filter and order; the window is
// ignored: every matching row is written) and returns how many it wrote. Session ids that
// are bearer credentials are written shortened, as they are shown.
func (w *Workspace) ExportSessionsCSV(ctx context.Context, q session.Query, out io.Writer, opts CSVOptions) (int, error) {
	switch opts.Separator {
	case 0:
		opts.Separator = ','
	case ',', ';':
	default:
		return 0, &CodedError{session.CodeBadRequest, fmt.Sprintf("separator %q: use , or ;", opts.Separator)}
	}
	bw := bufio.NewWriter(out)
	if opts.Excel {
		bw.WriteString("\ufeff")
	}
	cw := csv.NewWriter(bw)
	cw.Comma, cw.UseCRLF = opts.Separator, opts.Excel
	if err := cw.Write(csvHeader); err != nil {
		return 0, err
	}
	n := 0
	var batch []Row
	flush := func() error {
		ids := make([]int64, len(batch))
		for i, r := range batch {
			ids[i] = r.RowID
		}
		flags, err := w.FlagsOf(ctx, ids)
		if err != nil {
			return err
		}
		for _, r := range batch {
			if err := cw.Write(w.csvRecord(r, flags[r.RowID])); err != nil {
				return err
			}
		}
		n += len(batch)
		batch = batch[:0]
		return nil
	}
	err := w.Each(ctx, q, func(r Row) error {
		batch = append(batch, r)
		if len(batch) < csvBatch {
			return nil
		}
		return flush()
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		return n, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

func (w *Workspace) csvRecord(r Row, flags []RowFlag) []string {
	s := r.Session
	id := s.ID
	if w.SessionIDIsSecret(r.Kind) {
		id = session.ShortID(id)
	}
	fl := make([]string, len(flags))
	for i, f := range flags {
		fl[i] = string(f.Rule) + ":" + f.Severity.String()
	}
	t := CSVText
	return []string{t(r.Connection), t(id), t(s.ParentID), t(s.UserID), t(s.Username), t(s.UserName), t(s.UserType),
		t(s.SessionType), t(s.LoginType), t(s.SecurityLevel), csvTime(s.CreatedAt), csvTime(s.LastActiveAt),
		csvTime(s.ExpiresAt), t(s.SourceIP), t(s.Geo.CountryCode), t(s.Geo.Country), t(s.Geo.City), csvFloat(s.Geo.Latitude),
		csvFloat(s.Geo.Longitude), t(s.Geo.Source), t(LocationCredit(s.Geo.Source)), csvASN(s.Geo.ASN), t(s.Geo.ASNOrg),
		t(s.Device.UserAgent), t(s.Device.Browser), t(s.Device.Platform), t(s.Device.DeviceType),
		strconv.FormatBool(s.IsCurrent), csvTime(r.EndedAt), strings.Join(fl, "|")}
}

// CSVText keeps text from being run as a formula by a spreadsheet: a leading = + - @, tab or
// carriage return gets a ' before it.
func CSVText(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func csvFloat(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func csvASN(n uint32) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatUint(uint64(n), 10)
}
