package keycloaksim

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// eventRep is EventRepresentation.
type eventRep struct {
	ID        string            `json:"id"`
	Time      int64             `json:"time"`
	Type      string            `json:"type"`
	RealmID   string            `json:"realmId"`
	ClientID  string            `json:"clientId"`
	UserID    string            `json:"userId,omitempty"`
	SessionID string            `json:"sessionId,omitempty"`
	IPAddress string            `json:"ipAddress"`
	Error     string            `json:"error,omitempty"`
	Details   map[string]string `json:"details,omitempty"`
}

// eventsExpiration is how long the realm keeps events.
const eventsExpiration = 30 * 24 * time.Hour

// userEventsLocked derives user u's stored events: a LOGIN for every login that started a
// session (an offline session that shares its regular session's id is the same login) and,
// for some users, failed logins. The caller holds st.mu.
func (s *Server) userEventsLocked(u int32) []eventRep {
	st := s.st
	us := &st.users[u]
	var out []eventRep
	for _, i := range st.byUser[u] {
		x := &st.sessions[i]
		if x.offline && st.byID[x.id][kindRegular] >= 0 {
			continue
		}
		cl := &s.clients[x.clients[0].client]
		d := map[string]string{"auth_method": "openid-connect", "auth_type": authMethods[x.authType], "username": us.username}
		if d["auth_type"] == "code" && cl.rootURL != "" {
			d["redirect_uri"] = s.redirectFor(cl)
			d["code_id"] = x.id.String()
		}
		if x.remember {
			d["remember_me"] = "true"
		}
		if x.offline {
			d["scope"] = "openid offline_access profile email"
		}
		out = append(out, eventRep{ID: newUUID(s.tokens.seed, tagEvent, uint64(i)*4).String(), Time: x.start, Type: "LOGIN",
			RealmID: s.realmID.String(), ClientID: cl.clientID, UserID: us.id.String(), SessionID: x.id.String(),
			IPAddress: x.ip.String(), Details: d})
	}
	h := simkit.Splitmix(s.tokens.seed ^ uint64(u)*0x51ed)
	if u > s.sa && h%5 == 0 {
		first := s.now().UnixMilli()
		if len(st.byUser[u]) > 0 {
			first = st.sessions[st.byUser[u][0]].start
		}
		portal := &s.clients[cPortal]
		for k := range 1 + int(h>>8)%3 {
			out = append(out, eventRep{ID: newUUID(s.tokens.seed, tagEvent, uint64(u)<<8|uint64(k)|1<<60).String(),
				Time: first - int64(k+1)*int64(37+h%300)*1000, Type: "LOGIN_ERROR", RealmID: s.realmID.String(),
				ClientID: portal.clientID, UserID: us.id.String(), IPAddress: us.homeIP.String(), Error: "invalid_user_credentials",
				Details: map[string]string{"auth_method": "openid-connect", "auth_type": "code", "redirect_uri": s.redirectFor(portal),
					"code_id": newUUID(s.tokens.seed, tagEvent, uint64(u)<<8|uint64(k)|1<<61).String(), "username": us.username}})
		}
	}
	return out
}

func (s *Server) redirectFor(cl *client) string {
	if len(cl.rootURL) > 0 && cl.rootURL[0] == '$' {
		return "/realms/" + s.realm + "/account/"
	}
	return cl.rootURL + "/oauth2/callback"
}

// events serves GET events with Keycloak's filters, newest first, first/max paged.
func (s *Server) events(c *call) {
	q := c.r.URL.Query()
	first, ok1 := intParam(q, "first", 0)
	max, ok2 := intParam(q, "max", defaultMax)
	if !ok1 || !ok2 {
		writeKCError(c.w, http.StatusNotFound, msgNotFound, "")
		return
	}
	from, to := int64(0), int64(1)<<62
	if v := q.Get("dateFrom"); v != "" {
		t, err := parseEventDate(v)
		if err != nil {
			writeKCError(c.w, http.StatusBadRequest, "invalid_request", "Invalid value for 'Date(From)', expected format is yyyy-MM-dd")
			return
		}
		from = t
	}
	if v := q.Get("dateTo"); v != "" {
		t, err := parseEventDate(v)
		if err != nil {
			writeKCError(c.w, http.StatusBadRequest, "invalid_request", "Invalid value for 'Date(To)', expected format is yyyy-MM-dd")
			return
		}
		to = t + 86400_000 - 1
	}
	out := []eventRep{}
	if !s.cfg.EventsDisabled {
		types, client, ip := q["type"], q.Get("client"), q.Get("ipAddress")
		oldest := s.now().Add(-eventsExpiration).UnixMilli()
		st := s.st
		st.mu.RLock()
		users := []int32{}
		if id := q.Get("user"); id != "" {
			if uid, err := parseUUID(id); err == nil {
				if u, ok := st.userByID[uid]; ok {
					users = append(users, u)
				}
			}
		} else {
			for u := range st.users {
				users = append(users, int32(u))
			}
		}
		for _, u := range users {
			for _, e := range s.userEventsLocked(u) {
				if (len(types) == 0 || slices.Contains(types, e.Type)) && (client == "" || e.ClientID == client) &&
					(ip == "" || e.IPAddress == ip) && e.Time >= max64(from, oldest) && e.Time <= to {
					out = append(out, e)
				}
			}
		}
		st.mu.RUnlock()
	}
	asc := q.Get("direction") == "asc"
	slices.SortFunc(out, func(a, b eventRep) int {
		if asc {
			return cmp.Compare(a.Time, b.Time)
		}
		return cmp.Compare(b.Time, a.Time)
	})
	writeJSON(c.w, http.StatusOK, window(out, first, max))
}

func max64(a, b int64) int64 { return max(a, b) }

// parseEventDate reads yyyy-MM-dd (UTC midnight) or, like newer servers, epoch milliseconds.
func parseEventDate(v string) (int64, error) {
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t.UnixMilli(), nil
	}
	return strconv.ParseInt(v, 10, 64)
}
