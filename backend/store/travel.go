package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"sessionscope/backend/session"
)

// TravelStop is one login of a user, where it came from.
type TravelStop struct {
	Connection string
	SessionID  string
	Kind       string
	Place      string
	City       string
	Country    string
	Latitude   float64
	Longitude  float64
	At         time.Time // when the session was created (the login)
	SourceIP   string
}

// TravelLeg joins two consecutive logins at different places.
type TravelLeg struct {
	From, To   int     // indexes into Stops
	Km         float64 // great-circle distance
	Hours      float64 // time between the two logins
	Kmh        float64 // implied speed; 0 when the logins were at the same instant
	Impossible bool    // faster than an airliner over a real distance
}

// Travel is a user's logins in time order with the legs between places.
type Travel struct {
	Username  string
	Stops     []TravelStop
	Legs      []TravelLeg
	Unlocated int // logins without coordinates, left out of the path
}

// travelMaxStops bounds the path; a user with more logins keeps the most recent ones.
const travelMaxStops = 500

// impossibleKmh is faster than any airliner; shorter hops are left alone (geolocation error).
const (
	impossibleKmh = 1000
	impossibleKm  = 500
)

// UserTravel returns one user's located logins across the selected connections, oldest first.
func (s *Store) UserTravel(ctx context.Context, username string, connectionIDs []int64) (Travel, error) {
	t := Travel{Username: username}
	if strings.TrimSpace(username) == "" {
		return t, &session.FilterError{Msg: "choose a user to see their travel path"}
	}
	snaps, err := s.currentSnapshots(ctx, connectionIDs)
	if err != nil || len(snaps) == 0 {
		return t, err
	}
	args := make([]any, 0, len(snaps)+2)
	for _, sn := range snaps {
		args = append(args, sn.snapshotID)
	}
	args = append(args, strings.ToLower(strings.TrimSpace(username)), travelMaxStops)
	rows, err := s.db.QueryContext(ctx, `SELECT c.name, c.kind, s.session_id, s.location_key, s.city, s.country,
		s.latitude, s.longitude, s.created_at, s.source_ip FROM sessions s JOIN connections c ON c.id = s.connection_id
		WHERE s.snapshot_id IN (`+placeholders(len(snaps))+`) AND s.user_key = ?
		ORDER BY s.created_at DESC, s.id DESC LIMIT ?`, args...)
	if err != nil {
		return t, fmt.Errorf("travel: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st TravelStop
		var lat, lon sql.NullFloat64
		var at int64
		if err := rows.Scan(&st.Connection, &st.Kind, &st.SessionID, &st.Place, &st.City, &st.Country, &lat, &lon,
			&at, &st.SourceIP); err != nil {
			return t, err
		}
		if !lat.Valid || !lon.Valid || at == 0 {
			t.Unlocated++
			continue
		}
		st.Latitude, st.Longitude, st.At = lat.Float64, lon.Float64, time.UnixMilli(at).UTC()
		t.Stops = append(t.Stops, st)
	}
	if err := rows.Err(); err != nil {
		return t, err
	}
	for i, j := 0, len(t.Stops)-1; i < j; i, j = i+1, j-1 {
		t.Stops[i], t.Stops[j] = t.Stops[j], t.Stops[i]
	}
	t.Legs = travelLegs(t.Stops)
	return t, nil
}

// travelLegs joins each login to the previous one made from a different place.
func travelLegs(stops []TravelStop) []TravelLeg {
	var legs []TravelLeg
	last := 0
	for i := 1; i < len(stops); i++ {
		a, b := stops[last], stops[i]
		if a.Place == b.Place && a.Latitude == b.Latitude && a.Longitude == b.Longitude {
			last = i
			continue
		}
		km := Haversine(a.Latitude, a.Longitude, b.Latitude, b.Longitude)
		hours := b.At.Sub(a.At).Hours()
		leg := TravelLeg{From: last, To: i, Km: km, Hours: hours}
		if hours > 0 {
			leg.Kmh = km / hours
		}
		leg.Impossible = km >= impossibleKm && (hours <= 0 || leg.Kmh > impossibleKmh)
		legs = append(legs, leg)
		last = i
	}
	return legs
}

// Haversine is the great-circle distance in kilometres between two points given in degrees.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const earthKm = 6371.0088
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthKm * math.Asin(math.Min(1, math.Sqrt(h)))
}
