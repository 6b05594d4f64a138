package sfimport

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/session"
)

// A mapper turns one row of a kind of export into a session, as the Salesforce connector maps
// the same fields from the API (backend/source/salesforce).
type mapper struct {
	kind   string
	mapRow func(row) (session.Session, error)
}

func mapperFor(c columns) (mapper, error) {
	switch {
	case c.has("id", "usersid") || c.has("id", "sessiontype", "numsecondsvalid"):
		return mapper{KindAuthSession, authSession}, nil
	case c.has("eventtype", "timestamp") || c.has("eventtype", "timestampderived"):
		return mapper{KindLoginEvents, loginEvent}, nil
	case c.has("logintime") && (c.has("userid") || c.has("username")):
		return mapper{KindLoginHistory, loginHistory}, nil
	}
	return mapper{}, &Error{"the columns are not those of a Salesforce AuthSession, LoginHistory or " +
		"EventLogFile Login export (an AuthSession export has Id and UsersId; a LoginHistory one LoginTime and UserId)"}
}

// authSession maps an AuthSession row: the SELECT of the connector's list query, with the
// owner, the login geo and the login history as dotted columns.
func authSession(r row) (session.Session, error) {
	id := r.get("id")
	if id == "" {
		return session.Session{}, fmt.Errorf("no Id")
	}
	s := session.Session{ID: id, UserID: r.get("usersid"), UserType: r.get("usertype"),
		Username: r.get("users.username"), UserName: r.get("users.name"), SessionType: r.get("sessiontype"),
		LoginType: r.get("logintype"), SecurityLevel: r.get("sessionsecuritylevel"), SourceIP: ipOf(r.get("sourceip"))}
	if p := r.get("parentid"); p != "" && p != id {
		s.ParentID = p
	}
	var err error
	if s.CreatedAt, err = timeOf(r, "createddate"); err != nil {
		return s, err
	}
	if s.LastActiveAt, err = timeOf(r, "lastmodifieddate"); err != nil {
		return s, err
	}
	if v := r.get("numsecondsvalid"); v != "" {
		secs, err := strconv.ParseFloat(v, 64)
		if err != nil || secs < 0 {
			return s, fmt.Errorf("%s %q is not a number of seconds", r.name("numsecondsvalid"), v)
		}
		if !s.LastActiveAt.IsZero() {
			s.ExpiresAt = s.LastActiveAt.Add(time.Duration(secs) * time.Second)
		}
	}
	if s.IsCurrent, err = boolOf(r, "iscurrent"); err != nil {
		return s, err
	}
	if s.Geo, err = geoOf(r, "logingeo."); err != nil {
		return s, err
	}
	s.Device = session.Device{Browser: r.get("loginhistory.browser"), Platform: r.get("loginhistory.platform"),
		Application: r.get("loginhistory.application")}
	return s, nil
}

// loginHistory maps a LoginHistory row (Data Loader or the Setup download): each successful
// login becomes a session that started and was last seen at its login time. Failed logins are
// no session and are skipped with their status.
func loginHistory(r row) (session.Session, error) {
	if st := r.get("status"); st != "" && !strings.EqualFold(st, "Success") {
		return session.Session{}, fmt.Errorf("a failed login (status %q) is no session", st)
	}
	at, err := timeOf(r, "logintime")
	if err != nil {
		return session.Session{}, err
	}
	if at.IsZero() {
		return session.Session{}, fmt.Errorf("no LoginTime")
	}
	user := r.get("userid")
	id := r.get("id")
	if id == "" { // the Setup download has no record id: the login is its user and time
		id = user + "@" + at.Format("20060102T150405.000Z")
	}
	s := session.Session{ID: id, UserID: user, Username: r.get("username", "users.username"),
		LoginType: r.get("logintype"), SourceIP: ipOf(r.get("sourceip")), CreatedAt: at, LastActiveAt: at,
		Device: session.Device{Browser: r.get("browser"), Platform: r.get("platform"), Application: r.get("application")}}
	if s.Geo, err = geoOf(r, "logingeo."); err != nil {
		return s, err
	}
	if s.Geo.CountryCode == "" {
		if cc := r.get("countryiso"); cc != "" {
			s.Geo.CountryCode, s.Geo.Source = strings.ToUpper(cc), "server"
		}
	}
	return s, nil
}

// loginEvent maps a row of an EventLogFile of type Login: times in the event log's
// yyyyMMddHHmmss.SSS form, users by id and name.
func loginEvent(r row) (session.Session, error) {
	if st := r.get("loginstatus"); st != "" && st != "LOGIN_NO_ERROR" {
		return session.Session{}, fmt.Errorf("a failed login (status %q) is no session", st)
	}
	at, err := timeOf(r, "timestamp", "timestampderived")
	if err != nil {
		return session.Session{}, err
	}
	if at.IsZero() {
		return session.Session{}, fmt.Errorf("no TIMESTAMP")
	}
	id := r.get("requestid", "loginkey")
	if id == "" {
		return session.Session{}, fmt.Errorf("no REQUEST_ID")
	}
	return session.Session{ID: id, UserID: r.get("userid", "useridderived"), Username: r.get("username"),
		UserType: r.get("usertype"), LoginType: r.get("logintype"), SourceIP: ipOf(r.get("sourceip", "clientip")),
		CreatedAt: at, LastActiveAt: at, Device: session.Device{Browser: r.get("browsertype"), Platform: r.get("platformtype")}}, nil
}

// ipOf keeps an address, and drops text that is none ("Salesforce.com IP", "N/A").
func ipOf(v string) string {
	a, err := netip.ParseAddr(v)
	if err != nil {
		return ""
	}
	return a.String()
}

// timeLayouts are the forms exports write times in.
var timeLayouts = []string{
	"2006-01-02T15:04:05.000-0700", // the API's and Data Loader's "+0000"
	"2006-01-02T15:04:05-0700",
	time.RFC3339Nano, // "Z" or "+00:00"
	"2006-01-02 15:04:05",
	"20060102150405.000", // the event log's yyyyMMddHHmmss.SSS, in UTC
	"20060102150405",
}

// timeOf reads the first present column of keys as a time; an empty cell is an unknown time.
func timeOf(r row, keys ...string) (time.Time, error) {
	for _, k := range keys {
		v := r.get(k)
		if v == "" {
			continue
		}
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, v); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("%s %q is not a date and time", r.name(k), v)
	}
	return time.Time{}, nil
}

func boolOf(r row, key string) (bool, error) {
	switch v := strings.ToLower(r.get(key)); v {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	default:
		return false, fmt.Errorf("%s %q is neither true nor false", r.name(key), v)
	}
}

// geoOf reads the login geo columns under prefix; a coordinate that is not a number in range
// is an error (the row is skipped, it never gets a wrong place).
func geoOf(r row, prefix string) (session.Geo, error) {
	g := session.Geo{City: r.get(prefix + "city"), Subdivision: r.get(prefix + "subdivision"),
		Country: r.get(prefix + "country"), CountryCode: strings.ToUpper(r.get(prefix + "countryiso")),
		PostalCode: r.get(prefix + "postalcode")}
	var err error
	if g.Latitude, err = coordinate(r, prefix+"latitude", 90); err != nil {
		return g, err
	}
	if g.Longitude, err = coordinate(r, prefix+"longitude", 180); err != nil {
		return g, err
	}
	if (g.Latitude == nil) != (g.Longitude == nil) {
		return g, fmt.Errorf("the login geo has only one of latitude and longitude")
	}
	if g != (session.Geo{}) {
		g.Source = "server"
	}
	return g, nil
}

func coordinate(r row, key string, limit float64) (*float64, error) {
	v := r.get(key)
	if v == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < -limit || f > limit || f != f {
		return nil, fmt.Errorf("%s %q is not a coordinate", r.name(key), v)
	}
	return &f, nil
}
