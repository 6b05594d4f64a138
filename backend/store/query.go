package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/store/internal/window"
)

// Row is one stored session of a current snapshot, with where it came from. The server's raw
// record (Session.Raw) is read by CurrentSession and UserSessions only: the rows of Query and
// Each leave it empty, since reading it was most of the cost of a window of 200 rows and the
// table and exports do not show it (the detail pane reads CurrentSession).
type Row struct {
	session.Session
	RowID      int64 // the store's own id of this row (stable within a snapshot)
	Connection string
	Kind       string // the connection's connector kind
	SnapshotID int64
	EndedAt    time.Time // signed out from this app (zero = not)
	EndOutcome string
}

// sortKeys maps public sort names to indexed columns.
var sortKeys = map[string]string{
	"username":       "user_key",
	"user_type":      "user_type",
	"session_type":   "session_type",
	"login_type":     "login_type",
	"security_level": "security_level",
	"created_at":     "created_at",
	"last_active_at": "last_active_at",
	"expires_at":     "expires_at",
	"source_ip":      "source_ip",
	"location":       "location_key",
	"connection":     "last_active_at", // within one connection, newest activity first
}

type liveSnapshot struct {
	connectionID int64
	name         string
	snapshotID   int64
	count        int
	gen          uint64 // the window engine's generation when it was read
}

// currentSnapshots returns the current snapshot of each selected connection (all when ids is empty).
func (s *Store) currentSnapshots(ctx context.Context, ids []int64) ([]liveSnapshot, error) {
	gen := s.win.Generation()
	q := `SELECT c.id, c.name, s.id, s.session_count FROM connections c JOIN snapshots s ON s.id = c.current_snapshot_id`
	var args []any
	if len(ids) > 0 {
		q += ` WHERE c.id IN (` + placeholders(len(ids)) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	q += ` ORDER BY c.name COLLATE NOCASE`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []liveSnapshot
	for rows.Next() {
		var l liveSnapshot
		if err := rows.Scan(&l.connectionID, &l.name, &l.snapshotID, &l.count); err != nil {
			return nil, err
		}
		l.gen = gen
		out = append(out, l)
	}
	return out, rows.Err()
}

// filterSQL turns a filter into a parameterised WHERE fragment (after "snapshot_id = ?", on an
// unaliased sessions table). User text only ever travels as a bound parameter; every condition
// is a range or equality on a column indexed behind snapshot_id.
func filterSQL(f session.Filter) (string, []any, error) {
	sf, err := splitFilter(f)
	return sf.where, sf.args, err
}

// sqlFilter is a filter as SQL, whole and split into its time ranges and the rest: the window
// engine can test the ranges on the values it keeps in memory.
type sqlFilter struct {
	where    string // the whole filter, as filterSQL gives it
	args     []any
	rest     string // the same without the time ranges
	restArgs []any
	ranges   []window.Range
}

func splitFilter(f session.Filter) (sqlFilter, error) {
	if err := f.Validate(); err != nil {
		return sqlFilter{}, err
	}
	var parts, rest []string
	var args, restArgs []any
	var ranges []window.Range
	add := func(cond string, a ...any) {
		parts, rest = append(parts, cond), append(rest, cond)
		args, restArgs = append(args, a...), append(restArgs, a...)
	}
	if u := strings.ToLower(strings.TrimSpace(f.User)); u != "" {
		hi := u + "\U0010FFFF"
		add(`((user_key >= ? AND user_key < ?) OR (name_key >= ? AND name_key < ?))`, u, hi, u, hi)
	}
	if u := strings.ToLower(strings.TrimSpace(f.Username)); u != "" {
		add(`user_key = ?`, u)
	}
	if ip := strings.ToLower(strings.TrimSpace(f.IP)); strings.Contains(ip, "/") {
		lo, hi, err := cidrRange(ip)
		if err != nil {
			return sqlFilter{}, err
		}
		add(`ip_bin >= ? AND ip_bin <= ?`, lo, hi)
	} else if ip != "" {
		add(`source_ip >= ? AND source_ip < ?`, ip, ip+"\U0010FFFF")
	}
	for _, eq := range []struct{ col, v string }{
		{"session_type", f.SessionType}, {"login_type", f.LoginType}, {"security_level", f.SecurityLevel},
		{"device_type", f.DeviceType},
	} {
		if v := strings.TrimSpace(eq.v); v != "" {
			add(eq.col+` = ?`, v)
		}
	}
	if p := strings.ToLower(strings.TrimSpace(f.Place)); p != "" {
		// A map place holds the sessions the map put there: those with coordinates.
		add(`location_key = ? AND latitude IS NOT NULL`, p)
	}
	if len(f.Countries) > 0 {
		cc := make([]any, len(f.Countries))
		for i, c := range f.Countries {
			cc[i] = strings.ToUpper(c)
		}
		add(`country_code IN (`+placeholders(len(cc))+`)`, cc...)
	}
	if c := strings.TrimSpace(f.City); c != "" {
		add(`city = ? COLLATE NOCASE`, c)
	}
	if n, ok := f.ASNumber(); ok {
		add(`asn = ?`, int64(n))
	}
	for _, pre := range []struct{ col, v string }{{"browser", f.Browser}, {"platform", f.Platform}} {
		if v := strings.TrimSpace(pre.v); v != "" {
			add(pre.col+` >= ? COLLATE NOCASE AND `+pre.col+` < ? COLLATE NOCASE`, v, v+"\U0010FFFF")
		}
	}
	for _, r := range []struct {
		col      string
		from, to time.Time
	}{{"created_at", f.CreatedFrom, f.CreatedTo}, {"last_active_at", f.ActiveFrom, f.ActiveTo}} {
		if r.from.IsZero() && r.to.IsZero() {
			continue
		}
		g := window.Range{Col: r.col, From: r.from.UnixMilli(), To: r.to.UnixMilli(), HasFrom: !r.from.IsZero(), HasTo: !r.to.IsZero()}
		if g.HasFrom {
			parts, args = append(parts, r.col+` >= ?`), append(args, g.From)
		}
		if g.HasTo {
			parts, args = append(parts, r.col+` < ?`), append(args, g.To)
		}
		ranges = append(ranges, g)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		low := strings.ToLower(t)
		hi := low + "\U0010FFFF"
		terms := []string{`(user_key >= ? AND user_key < ?)`, `(name_key >= ? AND name_key < ?)`,
			`(source_ip >= ? AND source_ip < ?)`, `(city >= ? COLLATE NOCASE AND city < ? COLLATE NOCASE)`,
			`(browser >= ? COLLATE NOCASE AND browser < ? COLLATE NOCASE)`}
		targs := []any{low, hi, low, hi, low, hi, t, t + "\U0010FFFF", t, t + "\U0010FFFF"}
		if len(t) == 2 && session.IsLetters(t) {
			terms = append(terms, `country_code = ?`)
			targs = append(targs, strings.ToUpper(t))
		}
		add(`(`+strings.Join(terms, " OR ")+`)`, targs...)
	}
	if cond, fa, err := flagSQL(f.Flags); err != nil {
		return sqlFilter{}, err
	} else if cond != "" {
		add(cond, fa...)
	}
	if f.NewOnly {
		// Not in the connection's previous complete snapshot (every row is new when there is none).
		add(`NOT EXISTS (SELECT 1 FROM sessions p WHERE p.snapshot_id = (SELECT max(id) FROM snapshots
			WHERE connection_id = sessions.connection_id AND status = 'complete' AND id < sessions.snapshot_id)
			AND p.session_id = sessions.session_id)`)
	}
	sf := sqlFilter{args: args, restArgs: restArgs, ranges: ranges}
	if len(parts) > 0 {
		sf.where = " AND " + strings.Join(parts, " AND ")
	}
	if len(rest) > 0 {
		sf.rest = " AND " + strings.Join(rest, " AND ")
	}
	return sf, nil
}

const rowCols = windowCols + `, r.raw, o.at, o.outcome`

const rowFrom = ` FROM sessions s JOIN connections c ON c.id = s.connection_id
	LEFT JOIN session_raw r ON r.id = s.id
	LEFT JOIN signouts o ON o.connection_id = s.connection_id AND o.session_id = s.session_id`

// windowRowCols and windowRowFrom read a row without its raw record (see Row).
const windowRowCols = windowCols + `, NULL, o.at, o.outcome`

const windowRowFrom = ` FROM sessions s JOIN connections c ON c.id = s.connection_id
	LEFT JOIN signouts o ON o.connection_id = s.connection_id AND o.session_id = s.session_id`

const windowCols = `s.id, s.snapshot_id, s.connection_id, c.name, c.kind, s.session_id, s.parent_id, s.user_id, s.username,
	s.user_name, s.user_type, s.session_type, s.login_type, s.security_level, s.created_at, s.last_active_at,
	s.expires_at, s.source_ip, s.city, s.subdivision, s.country, s.country_code, s.postal_code, s.latitude,
	s.longitude, s.geo_source, s.asn, s.asn_org, s.user_agent, s.browser, s.platform, s.device_type, s.application, s.is_current`

// rowsByID loads rows (without their raw records) and returns them in the order of ids.
func (s *Store) rowsByID(ctx context.Context, ids []int64) ([]Row, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	got, err := s.scanRows(ctx, `SELECT `+windowRowCols+windowRowFrom+` WHERE s.id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	sort.Slice(got, func(i, j int) bool { return pos[got[i].RowID] < pos[got[j].RowID] })
	out := make([]Row, len(got))
	for i := range got {
		out[i] = got[i].Row
	}
	return out, nil
}

type rowWithID struct {
	Row
}

func (s *Store) scanRows(ctx context.Context, query string, args ...any) ([]rowWithID, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read sessions: %w", err)
	}
	defer rows.Close()
	var out []rowWithID
	for rows.Next() {
		var (
			r                       rowWithID
			created, active, expire sql.NullInt64
			lat, lon                sql.NullFloat64
			raw                     sql.NullString
			endedAt                 sql.NullInt64
			outcome                 sql.NullString
		)
		x := &r.Session
		if err := rows.Scan(&r.RowID, &r.SnapshotID, &x.ConnectionID, &r.Connection, &r.Kind, &x.ID, &x.ParentID, &x.UserID,
			&x.Username, &x.UserName, &x.UserType, &x.SessionType, &x.LoginType, &x.SecurityLevel,
			&created, &active, &expire, &x.SourceIP, &x.Geo.City, &x.Geo.Subdivision, &x.Geo.Country,
			&x.Geo.CountryCode, &x.Geo.PostalCode, &lat, &lon, &x.Geo.Source, &x.Geo.ASN, &x.Geo.ASNOrg, &x.Device.UserAgent,
			&x.Device.Browser, &x.Device.Platform, &x.Device.DeviceType, &x.Device.Application, &x.IsCurrent,
			&raw, &endedAt, &outcome); err != nil {
			return nil, err
		}
		x.CreatedAt, x.LastActiveAt, x.ExpiresAt = fromMS(created), fromMS(active), fromMS(expire)
		if lat.Valid && lon.Valid {
			la, lo := lat.Float64, lon.Float64
			x.Geo.Latitude, x.Geo.Longitude = &la, &lo
		}
		if raw.Valid {
			x.Raw = []byte(raw.String)
		}
		r.EndedAt, r.EndOutcome = fromMS(endedAt), outcome.String
		out = append(out, r)
	}
	return out, rows.Err()
}

// CurrentSession returns one session of a connection's current snapshot.
func (s *Store) CurrentSession(ctx context.Context, connectionID int64, sessionID string) (Row, error) {
	got, err := s.scanRows(ctx, `SELECT `+rowCols+rowFrom+`
		WHERE s.snapshot_id = c.current_snapshot_id AND c.id = ? AND s.session_id = ?`, connectionID, sessionID)
	if err != nil {
		return Row{}, err
	}
	if len(got) == 0 {
		return Row{}, fmt.Errorf("session %s in connection %d: %w", sessionID, connectionID, ErrNotFound)
	}
	return got[0].Row, nil
}

// UserSessions returns the current sessions, in every connection, of the user with this
// username (case-insensitive), newest activity first, at most limit.
func (s *Store) UserSessions(ctx context.Context, username string, limit int) ([]Row, error) {
	got, err := s.scanRows(ctx, `SELECT `+rowCols+rowFrom+`
		WHERE s.snapshot_id IN (SELECT current_snapshot_id FROM connections WHERE current_snapshot_id IS NOT NULL)
		AND s.user_key = ? ORDER BY s.last_active_at DESC LIMIT ?`, strings.ToLower(username), limit)
	if err != nil {
		return nil, err
	}
	out := make([]Row, len(got))
	for i := range got {
		out[i] = got[i].Row
	}
	return out, nil
}

// SessionTypes lists the distinct session types of the current snapshots.
func (s *Store) SessionTypes(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT session_type FROM sessions
		WHERE snapshot_id IN (SELECT current_snapshot_id FROM connections WHERE current_snapshot_id IS NOT NULL)
		AND session_type <> '' ORDER BY session_type`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?,", n-1) + "?"
}
