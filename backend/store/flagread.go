package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"sessionscope/backend/risk"
)

// Reading a snapshot for the flag pass. The rows are read in table order (their ids), not
// through the user index: a snapshot's rows lie together in the table, so a scan of its id
// range reads each page once, where the index's user order jumps to another page for almost
// every row (the servers list sessions in their own order) and a large snapshot no longer fits
// the page cache. The rows are kept compact (one copy of each distinct set of text values) and
// sorted by user in memory, then handed over one user at a time.

// flagRow is one session row as the pass keeps it between the read and its user's turn.
type flagRow struct {
	row, created, active int64
	sessionID, userKey   string
	ip                   netip.Addr
	lat, lon             float64
	asn                  uint32
	texts                uint32 // index into the pass's distinct text values
	child, hasCoords     bool
}

// flagTexts are a row's low-variety text columns; a snapshot holds few distinct sets of them.
type flagTexts struct {
	sessionType, application, countryCode, country, city, geoSource, browser, platform string
}

// streamUsers reads a snapshot's sessions and hands each user's to fn, users in key order
// (rows of a user in id order). Only the columns the rules read are fetched; country names,
// which only reasons need, are the first one read with each code (rows in id order).
func (s *Store) streamUsers(ctx context.Context, snapshotID int64, endpoints map[int64][]risk.Endpoint, fn func([]risk.Obs)) (int, error) {
	rows, texts, err := s.readFlagRows(ctx, snapshotID)
	if err != nil {
		return 0, err
	}
	names := map[string]string{} // the text sets are in the order their first row was read
	for i := range texts {
		if t := &texts[i]; t.country != "" && names[t.countryCode] == "" {
			names[t.countryCode] = t.country
		}
	}
	slices.SortFunc(rows, func(a, b flagRow) int {
		return cmp.Or(strings.Compare(a.userKey, b.userKey), cmp.Compare(a.row, b.row))
	})
	var group []risk.Obs
	for i := range rows {
		r := &rows[i]
		t := &texts[r.texts]
		o := risk.Obs{Row: r.row, SessionID: r.sessionID, UserKey: r.userKey, Child: r.child, Created: r.created,
			LastActive: r.active, IP: r.ip, ASN: r.asn, HasCoords: r.hasCoords, Lat: r.lat, Lon: r.lon,
			SessionType: t.sessionType, Application: t.application, CountryCode: t.countryCode, City: t.city,
			GeoSource: t.geoSource, Browser: t.browser, Platform: t.platform}
		o.Country = names[o.CountryCode]
		o.Endpoints = endpoints[o.Row]
		if len(group) > 0 && group[0].UserKey != o.UserKey {
			fn(group)
			group = group[:0]
		}
		group = append(group, o)
	}
	if len(group) > 0 {
		fn(group)
	}
	return len(rows), nil
}

// readFlagRows reads every row of a snapshot in id order, scanning the runs of its ids.
func (s *Store) readFlagRows(ctx context.Context, snapshotID int64) ([]flagRow, []flagTexts, error) {
	runs, n, err := s.snapshotRuns(ctx, snapshotID)
	if err != nil || n == 0 {
		return nil, nil, err
	}
	// The low-variety text columns travel as one value (a separator between them): each value
	// the driver hands over costs an allocation, and a million rows have seven million of these.
	// A row whose text holds the separator itself is read again column by column.
	const query = `SELECT id, parent_id <> '', created_at, last_active_at, asn, latitude, longitude,
		session_id || char(31) || user_key || char(31) || source_ip || char(31) ||
		session_type || char(31) || application || char(31) || country_code || char(31) || country || char(31) || city || char(31) ||
		geo_source || char(31) || browser || char(31) || platform
		FROM sessions NOT INDEXED WHERE id BETWEEN ?2 AND ?3 AND snapshot_id = ?1`
	out := make([]flagRow, 0, n)
	var texts []flagTexts
	seen := map[flagTexts]uint32{}
	var ambiguous []int // rows whose packed text was ambiguous: read again once the scan is done
	err = s.scanRuns(ctx, runs, snapshotID, query, func(q scanner) error {
		var r flagRow
		var packed string
		var lat, lon sql.NullFloat64
		if err := q.Scan(&r.row, &r.child, &r.created, &r.active, &r.asn, &lat, &lon, &packed); err != nil {
			return err
		}
		if lat.Valid && lon.Valid {
			r.hasCoords, r.lat, r.lon = true, lat.Float64, lon.Float64
		}
		sessionID, userKey, ip, t, ok := unpackRow(packed)
		if !ok {
			ambiguous = append(ambiguous, len(out))
			out = append(out, r)
			return nil
		}
		r.sessionID, r.userKey = sessionID, userKey
		if k, found := seen[t]; found {
			r.texts = k
		} else {
			t = t.clone() // the row's text is not kept: its values go with the set
			seen[t] = uint32(len(texts))
			r.texts = uint32(len(texts))
			texts = append(texts, t)
		}
		r.ip = storedIP(ip)
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read sessions to judge: %w", err)
	}
	for _, i := range ambiguous {
		r := &out[i]
		sessionID, userKey, ip, t, err := s.readTexts(ctx, r.row)
		if err != nil {
			return nil, nil, fmt.Errorf("read sessions to judge: %w", err)
		}
		r.sessionID, r.userKey, r.ip = sessionID, userKey, storedIP(ip)
		r.texts = uint32(len(texts))
		texts = append(texts, t)
	}
	return out, texts, nil
}

// storedIP reads a stored address; one that does not parse is the zero Addr (no address).
func storedIP(s string) netip.Addr {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap()
	}
	return netip.Addr{}
}

// unpackRow splits the packed text columns: the session's id, user key and address (kept,
// in one copy of their own) and the low-variety values (still pointing into packed).
func unpackRow(packed string) (sessionID, userKey, ip string, t flagTexts, ok bool) {
	var f [11]string
	rest := packed
	for i := range f {
		v, after, found := strings.Cut(rest, "\x1f")
		if found == (i == len(f)-1) {
			return "", "", "", flagTexts{}, false // a separator inside a value: the count is off
		}
		f[i], rest = v, after
	}
	ids := strings.Clone(packed[:len(f[0])+1+len(f[1])])
	return ids[:len(f[0])], ids[len(f[0])+1:], f[2], flagTexts{f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]}, true
}

func (t flagTexts) clone() flagTexts {
	return flagTexts{strings.Clone(t.sessionType), strings.Clone(t.application), strings.Clone(t.countryCode),
		strings.Clone(t.country), strings.Clone(t.city), strings.Clone(t.geoSource), strings.Clone(t.browser), strings.Clone(t.platform)}
}

// readTexts reads a row's text columns one by one (their packed form was ambiguous).
func (s *Store) readTexts(ctx context.Context, row int64) (sessionID, userKey, ip string, t flagTexts, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT session_id, user_key, source_ip, session_type, application, country_code, country,
		city, geo_source, browser, platform FROM sessions WHERE id = ?`, row).Scan(&sessionID, &userKey, &ip, &t.sessionType,
		&t.application, &t.countryCode, &t.country, &t.city, &t.geoSource, &t.browser, &t.platform)
	return sessionID, userKey, ip, t, err
}
