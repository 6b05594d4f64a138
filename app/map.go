package app

import (
	"context"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// MapService answers the map: places, the users at a place, a user's travel path.
type MapService struct{ ws *workspace.Workspace }

// MapQuery asks for the map's places.
type MapQuery struct {
	Filter SessionFilter `json:"filter"`
	Limit  int           `json:"limit"` // places, largest first; 0 = 5000
}

// MapPlace is one place on the map.
type MapPlace struct {
	Place       string  `json:"place"`
	City        string  `json:"city"`
	Subdivision string  `json:"subdivision"`
	Country     string  `json:"country"`
	CountryCode string  `json:"countryCode"`
	Latitude    float64 `json:"latitude"`
	Longitude   float64 `json:"longitude"`
	Sessions    int     `json:"sessions"`
	Users       int     `json:"users"`
}

// MapView is the aggregate the map draws.
type MapView struct {
	Places    []MapPlace `json:"places"`
	Total     int        `json:"total"`     // places in all (more than len(places) when cut)
	Located   int        `json:"located"`   // sessions with coordinates
	Unlocated int        `json:"unlocated"` // sessions without (private networks, unknown)
}

// PlaceUser is one of the users with most sessions at a place.
type PlaceUser struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	Sessions int    `json:"sessions"`
}

// TravelStop is one login on a user's travel path.
type TravelStop struct {
	Connection string  `json:"connection"`
	DisplayID  string  `json:"displayId"`
	Place      string  `json:"place"`
	City       string  `json:"city"`
	Country    string  `json:"country"`
	Latitude   float64 `json:"latitude"`
	Longitude  float64 `json:"longitude"`
	At         string  `json:"at"`
	SourceIP   string  `json:"sourceIp"`
}

// TravelLeg joins two logins from different places.
type TravelLeg struct {
	From       int     `json:"from"`
	To         int     `json:"to"`
	Km         float64 `json:"km"`
	Hours      float64 `json:"hours"`
	Kmh        float64 `json:"kmh"`
	Impossible bool    `json:"impossible"`
}

// TravelView is a user's logins in time order.
type TravelView struct {
	Username  string       `json:"username"`
	Stops     []TravelStop `json:"stops"`
	Legs      []TravelLeg  `json:"legs"`
	Unlocated int          `json:"unlocated"`
}

// SnapshotView is one refresh of one org.

// Map aggregates the filtered sessions by place (at most q.Limit places, largest first).
func (s *MapService) Map(q MapQuery) (MapView, error) {
	f, err := q.Filter.toFilter()
	if err != nil {
		return MapView{}, err
	}
	r, err := s.ws.Map(context.Background(), f, q.Limit)
	if err != nil {
		return MapView{}, err
	}
	v := MapView{Places: make([]MapPlace, len(r.Points)), Total: r.Places, Located: r.Located, Unlocated: r.Unlocated}
	for i, p := range r.Points {
		v.Places[i] = MapPlace{Place: p.Place, City: p.City, Subdivision: p.Subdivision, Country: p.Country,
			CountryCode: p.CountryCode, Latitude: p.Latitude, Longitude: p.Longitude, Sessions: p.Sessions, Users: p.Users}
	}
	return v, nil
}

// PlaceUsers lists the users with most filtered sessions at one map place.
func (s *MapService) PlaceUsers(filter SessionFilter, place string) ([]PlaceUser, error) {
	f, err := filter.toFilter()
	if err != nil {
		return nil, err
	}
	got, err := s.ws.PlaceUsers(context.Background(), f, place)
	if err != nil {
		return nil, err
	}
	out := make([]PlaceUser, len(got))
	for i, u := range got {
		out[i] = PlaceUser{Username: u.Username, Name: u.Name, Sessions: u.Sessions}
	}
	return out, nil
}

// Travel returns a user's logins in time order with distance and speed between places.
func (s *MapService) Travel(username string, connectionIDs []int64) (TravelView, error) {
	t, err := s.ws.Travel(context.Background(), username, connectionIDs)
	if err != nil {
		return TravelView{}, err
	}
	v := TravelView{Username: t.Username, Stops: make([]TravelStop, len(t.Stops)), Legs: make([]TravelLeg, len(t.Legs)),
		Unlocated: t.Unlocated}
	for i, st := range t.Stops {
		id := st.SessionID
		if s.ws.SessionIDIsSecret(st.Kind) {
			id = session.ShortID(id)
		}
		v.Stops[i] = TravelStop{Connection: st.Connection, DisplayID: id, Place: st.Place, City: st.City, Country: st.Country,
			Latitude: st.Latitude, Longitude: st.Longitude, At: rfc3339(st.At), SourceIP: st.SourceIP}
	}
	for i, l := range t.Legs {
		v.Legs[i] = TravelLeg{From: l.From, To: l.To, Km: l.Km, Hours: l.Hours, Kmh: l.Kmh, Impossible: l.Impossible}
	}
	return v, nil
}
