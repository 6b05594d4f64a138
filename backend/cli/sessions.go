package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
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
	asCSV := fs.Bool("csv", false, "print CSV")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *asJSON && *asCSV {
		return fmt.Errorf("sessions: choose --json or --csv: %w", ErrUsage)
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
	case *asCSV:
		return writeCSV(env.Stdout, out)
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

func writeCSV(w io.Writer, out []sessionOut) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"connection", "id", "parent_id", "user_id", "username", "name", "user_type", "session_type",
		"login_type", "security_level", "created_at", "last_active_at", "expires_at", "source_ip", "country_code",
		"country", "city", "latitude", "longitude", "geo_source", "location_credit", "asn", "asn_org", "user_agent",
		"browser", "platform", "device_type", "is_current", "ended_at"})
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	t := cellText
	for _, s := range out {
		cw.Write([]string{t(s.Connection), t(s.ID), t(s.ParentID), t(s.UserID), t(s.Username), t(s.Name), t(s.UserType),
			t(s.SessionType), t(s.LoginType), t(s.SecurityLevel), deref(s.CreatedAt), deref(s.LastActiveAt),
			deref(s.ExpiresAt), t(s.SourceIP), t(s.CountryCode), t(s.Country), t(s.City), f(s.Latitude), f(s.Longitude),
			t(s.GeoSource), t(s.GeoCredit), asnText(s.ASN), t(s.ASNOrg), t(s.UserAgent), t(s.Browser), t(s.Platform),
			t(s.DeviceType), strconv.FormatBool(s.IsCurrent), deref(s.EndedAt)})
	}
	cw.Flush()
	return cw.Error()
}

func asnText(n uint32) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatUint(uint64(n), 10)
}

// cellText keeps server-supplied text from being read as a formula by spreadsheet programs.
func cellText(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// timePtr is a time for JSON: RFC 3339 in UTC, null when unknown.
func timePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}
