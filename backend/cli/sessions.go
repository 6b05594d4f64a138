package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// sessionOut is one session in --json / --csv output.
type sessionOut struct {
	Connection    string   `json:"connection"`
	ID            string   `json:"id"`
	ParentID      string   `json:"parent_id"`
	UserID        string   `json:"user_id"`
	Username      string   `json:"username"`
	Name          string   `json:"name"`
	UserType      string   `json:"user_type"`
	SessionType   string   `json:"session_type"`
	LoginType     string   `json:"login_type"`
	SecurityLevel string   `json:"security_level"`
	CreatedAt     *string  `json:"created_at"`
	LastActiveAt  *string  `json:"last_active_at"`
	ExpiresAt     *string  `json:"expires_at"`
	SourceIP      string   `json:"source_ip"`
	CountryCode   string   `json:"country_code"`
	Country       string   `json:"country"`
	City          string   `json:"city"`
	Latitude      *float64 `json:"latitude"`
	Longitude     *float64 `json:"longitude"`
	GeoSource     string   `json:"geo_source"`      // server | geoip | dbip | private | ""
	GeoCredit     string   `json:"location_credit"` // the licence credit of the data that located it
	ASN           uint32   `json:"asn"`
	ASNOrg        string   `json:"asn_org"`
	UserAgent     string   `json:"user_agent"`
	Browser       string   `json:"browser"`
	Platform      string   `json:"platform"`
	DeviceType    string   `json:"device_type"`
	IsCurrent     bool     `json:"is_current"`
	EndedAt       *string  `json:"ended_at"`
	Flags         flagList `json:"flags"` // flags.go; empty when none
}

func toOut(r workspace.Row, secretIDs bool) sessionOut {
	s := r.Session
	id := s.ID
	if secretIDs {
		id = session.ShortID(id)
	}
	return sessionOut{Connection: r.Connection, ID: id, ParentID: s.ParentID, UserID: s.UserID, Username: s.Username,
		Name: s.UserName, UserType: s.UserType, SessionType: s.SessionType, LoginType: s.LoginType,
		SecurityLevel: s.SecurityLevel, CreatedAt: timePtr(s.CreatedAt), LastActiveAt: timePtr(s.LastActiveAt),
		ExpiresAt: timePtr(s.ExpiresAt), SourceIP: s.SourceIP, CountryCode: s.Geo.CountryCode, Country: s.Geo.Country,
		City: s.Geo.City, Latitude: s.Geo.Latitude, Longitude: s.Geo.Longitude, GeoSource: s.Geo.Source,
		GeoCredit: workspace.LocationCredit(s.Geo.Source), ASN: s.Geo.ASN, ASNOrg: s.Geo.ASNOrg, UserAgent: s.Device.UserAgent,
		Browser: s.Device.Browser, Platform: s.Device.Platform, DeviceType: s.Device.DeviceType, IsCurrent: s.IsCurrent,
		EndedAt: timePtr(r.EndedAt)}
}

func runSessions(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("sessions", env, &home)
	conn := fs.String("connection", "", "only this connection")
	user := fs.String("user", "", "username or display-name prefix")
	ip := fs.String("ip", "", "source IP prefix")
	sessionType := fs.String("type", "", "session type")
	country := fs.String("country", "", "country codes, comma-separated (US,DE)")
	city := fs.String("city", "", "city name")
	asn := fs.String("asn", "", "autonomous system (AS15169)")
	text := fs.String("search", "", "free text: prefix of user, name, IP, city or browser, or a country code")
	newOnly := fs.Bool("new", false, "only sessions not in the previous snapshot of their connection")
	activeWithin := fs.Duration("active-within", 0, "only sessions active within this long (e.g. 24h)")
	var ff session.FlagFilter
	flagFilterFlags(fs, &ff)
	asJSON := fs.Bool("json", false, "print one JSON array")
	asCSV := fs.Bool("csv", false, "print CSV (one header row, RFC 3339 times, formula cells neutralised)")
	excel := fs.Bool("excel", false, "with --csv: a UTF-8 byte order mark and CRLF line ends, for Excel")
	sep := fs.String("separator", ",", "with --csv: the separator, , or ; (Excel in locales with a decimal comma wants ;)")
	outFile := fs.String("o", "", "with --csv: write to this file instead of standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *asJSON && *asCSV {
		return fmt.Errorf("sessions: choose --json or --csv: %w", ErrUsage)
	}
	if (*excel || *outFile != "" || *sep != ",") && !*asCSV {
		return fmt.Errorf("sessions: --excel, --separator and -o go with --csv: %w", ErrUsage)
	}
	if *sep != "," && *sep != ";" {
		return fmt.Errorf("sessions: --separator is , or ;: %w", ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	q := session.Query{Filter: session.Filter{User: *user, IP: *ip, SessionType: *sessionType, City: *city, ASN: *asn,
		Text: *text, NewOnly: *newOnly, Flags: ff}, Sort: "username"}
	for _, cc := range strings.Split(*country, ",") {
		if cc = strings.TrimSpace(cc); cc != "" {
			q.Countries = append(q.Countries, cc)
		}
	}
	if *activeWithin > 0 {
		q.ActiveFrom = time.Now().Add(-*activeWithin)
	}
	if err := q.Filter.Validate(); err != nil {
		return fmt.Errorf("sessions: %w", err)
	}
	if *conn != "" {
		c, err := ws.ConnectionByName(ctx, *conn)
		if err != nil {
			return err
		}
		q.ConnectionIDs = []int64{c.ID}
	}
	if *asCSV {
		return exportCSV(ctx, ws, q, env, *outFile, workspace.CSVOptions{Excel: *excel, Separator: rune((*sep)[0])})
	}
	var out []sessionOut
	var rowIDs []int64
	// Read from the snapshots current at the start, whatever a refresh does meanwhile.
	if err := ws.Each(ctx, q, func(r workspace.Row) error {
		out = append(out, toOut(r, ws.SessionIDIsSecret(r.Kind)))
		rowIDs = append(rowIDs, r.RowID)
		return nil
	}); err != nil {
		return err
	}
	if err := addFlags(ctx, ws, out, rowIDs); err != nil {
		return err
	}
	if out == nil {
		out = []sessionOut{}
	}
	switch {
	case *asJSON:
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	if !ff.Empty() {
		return printFlagged(tw, out)
	}
	fmt.Fprintln(tw, "ORG\tUSERNAME\tTYPE\tLOGIN TYPE\tLAST ACTIVE\tSOURCE IP\tLOCATION\tID")
	for _, s := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Connection, s.Username, s.SessionType, s.LoginType,
			deref(s.LastActiveAt), s.SourceIP, location(s), s.ID)
	}
	fmt.Fprintf(tw, "%d sessions\n", len(out))
	return tw.Flush()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func location(s sessionOut) string {
	switch {
	case s.City != "" && s.CountryCode != "":
		return s.City + ", " + s.CountryCode
	case s.CountryCode != "":
		return s.CountryCode
	}
	return ""
}

// exportCSV writes the sessions as CSV to standard output or, through a temporary file that
// replaces it only when complete, to file.
func exportCSV(ctx context.Context, ws *workspace.Workspace, q session.Query, env Env, file string, opts workspace.CSVOptions) error {
	if file == "" {
		_, err := ws.ExportSessionsCSV(ctx, q, env.Stdout, opts)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	n, err := ws.ExportSessionsCSV(ctx, q, tmp, opts)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	fmt.Fprintf(env.Stderr, "wrote %d sessions to %s\n", n, file)
	return nil
}

// timePtr is a time for JSON: RFC 3339 in UTC, null when unknown.
func timePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}
