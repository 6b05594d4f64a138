package auth0sim

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

type locationJSON struct {
	CountryCode   string  `json:"country_code"`
	CountryName   string  `json:"country_name"`
	CityName      string  `json:"city_name"`
	Latitude      float64 `json:"latitude"`
	Longitude     float64 `json:"longitude"`
	ContinentCode string  `json:"continent_code"`
}

type logJSON struct {
	Date         string       `json:"date"`
	Type         string       `json:"type"`
	Description  string       `json:"description"`
	Connection   string       `json:"connection"`
	ClientID     string       `json:"client_id"`
	ClientName   string       `json:"client_name"`
	IP           string       `json:"ip"`
	UserAgent    string       `json:"user_agent"`
	UserID       string       `json:"user_id"`
	UserName     string       `json:"user_name"`
	Strategy     string       `json:"strategy"`
	StrategyType string       `json:"strategy_type"`
	LogID        string       `json:"log_id"`
	IsMobile     bool         `json:"isMobile"`
	Location     locationJSON `json:"location_info"`
	at           int64
}

// userLogs derives a user's log events from their sessions (ended ones included: the
// logins happened): one successful login per session, and now and then a failed attempt
// just before it. The caller holds st.mu.
func (st *store) userLogs(ui int32) []logJSON {
	u := &st.users[ui]
	conn, provider, social := st.tenant.connection(u.conn)
	strategyType := "database"
	switch {
	case social:
		strategyType = "social"
	case u.conn == connSAML || u.conn == connAzure:
		strategyType = "enterprise"
	case u.conn == connEmail:
		strategyType = "passwordless"
	}
	var out []logJSON
	for _, si := range u.sessions {
		s := &st.sess[si]
		c := &simkit.Cities[s.city]
		app := st.tenant.apps[0]
		for i, a := range st.tenant.apps {
			if s.clients&(1<<i) != 0 {
				app = a
				break
			}
		}
		ev := logJSON{Type: "s", Description: "Successful login", Connection: conn, ClientID: app.clientID,
			ClientName: app.name, IP: simkit.IPFor(st.seed, s.user, int(s.city)).String(), UserAgent: agents[s.agent].ua,
			UserID: u.id, UserName: u.email, Strategy: provider, StrategyType: strategyType,
			IsMobile: agents[s.agent].mobile, at: s.authenticated,
			Location: locationJSON{c.ISO, c.Country, c.Name, c.Lat, c.Lon, c.Region.ContinentCode()}}
		out = append(out, ev)
		if h := simkit.Splitmix(st.seed ^ uint64(si)*0x77); h%4 == 0 {
			ev.at -= int64(40+h%260) * 1000
			ev.Type, ev.Description = "f", "Wrong email or password."
			if u.conn == connDatabase {
				ev.Type = "fp"
			}
			out = append(out, ev)
		}
	}
	for i := range out {
		out[i].Date = auth0Time(out[i].at)
		h := simkit.Splitmix(st.seed ^ uint64(out[i].at) ^ uint64(i))
		out[i].LogID = "900" + time.UnixMilli(out[i].at).UTC().Format("20060102150405") +
			fmt.Sprintf("%03d%018d%018d", out[i].at%1000, h%1e18, (h>>7)%1e18)
	}
	return out
}

// handleUserLogs is GET /api/v2/users/{id}/logs with page/per_page, sort=date:±1 (newest
// first by default) and include_totals.
func (s *Server) handleUserLogs(c *call, uid string) {
	if !c.need("read:logs", "read:logs_users") {
		return
	}
	perPage, ok := queryInt(c, "per_page", 50, 0, 100)
	if !ok {
		return
	}
	page, ok := queryInt(c, "page", 0, 0, 1<<20)
	if !ok {
		return
	}
	dir := -1
	switch c.r.URL.Query().Get("sort") {
	case "", "date:-1":
	case "date:1":
		dir = 1
	default:
		writeError(c.w, http.StatusBadRequest, "invalid_query_string", "Invalid sort: use date:1 or date:-1")
		return
	}
	ui, ok := s.lookupUser(c, uid)
	if !ok {
		return
	}
	s.st.mu.RLock()
	logs := s.st.userLogs(ui)
	s.st.mu.RUnlock()
	slices.SortFunc(logs, func(a, b logJSON) int { return dir * cmp.Compare(a.at, b.at) })
	start := min(page*perPage, len(logs))
	end := min(start+perPage, len(logs))
	if c.r.URL.Query().Get("include_totals") == "true" {
		writeJSON(c.w, http.StatusOK, struct {
			Start  int       `json:"start"`
			Limit  int       `json:"limit"`
			Length int       `json:"length"`
			Logs   []logJSON `json:"logs"`
			Total  int       `json:"total"`
		}{start, perPage, end - start, logs[start:end], len(logs)})
		return
	}
	writeJSON(c.w, http.StatusOK, logs[start:end])
}
