package auth0sim

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// auth0Time renders Unix milliseconds the way the Management API does.
func auth0Time(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}

type sessionJSON struct {
	ID               string            `json:"id"`
	UserID           string            `json:"user_id"`
	CreatedAt        string            `json:"created_at"`
	UpdatedAt        string            `json:"updated_at"`
	AuthenticatedAt  string            `json:"authenticated_at"`
	IdleExpiresAt    string            `json:"idle_expires_at"`
	ExpiresAt        string            `json:"expires_at"`
	LastInteractedAt string            `json:"last_interacted_at"`
	Device           deviceJSON        `json:"device"`
	Clients          []clientJSON      `json:"clients"`
	Authentication   authJSON          `json:"authentication"`
	Cookie           cookieJSON        `json:"cookie"`
	SessionMetadata  map[string]string `json:"session_metadata,omitempty"`
}

type deviceJSON struct {
	InitialUserAgent string `json:"initial_user_agent"`
	InitialIP        string `json:"initial_ip"`
	InitialASN       string `json:"initial_asn"`
	LastUserAgent    string `json:"last_user_agent"`
	LastIP           string `json:"last_ip"`
	LastASN          string `json:"last_asn"`
}

type clientJSON struct {
	ClientID string `json:"client_id"`
}

type authJSON struct {
	Methods []methodJSON `json:"methods"`
}

type methodJSON struct {
	Name      string `json:"name"`
	Timestamp string `json:"timestamp"`
	Type      string `json:"type,omitempty"`
}

type cookieJSON struct {
	Mode string `json:"mode"`
}

// sessionView renders session si; the caller holds st.mu.
func (st *store) sessionView(si int32) sessionJSON {
	s := &st.sess[si]
	u := &st.users[s.user]
	v := sessionJSON{
		ID: s.id, UserID: u.id, CreatedAt: auth0Time(s.created), UpdatedAt: auth0Time(s.lastSeen),
		AuthenticatedAt: auth0Time(s.authenticated), IdleExpiresAt: auth0Time(s.idleExp),
		ExpiresAt: auth0Time(s.absExp), LastInteractedAt: auth0Time(s.lastSeen),
		Device: deviceJSON{
			InitialUserAgent: agents[s.agent].ua, InitialIP: simkit.IPFor(st.seed, s.user, int(s.city)).String(),
			InitialASN: simkit.ASNFor(st.seed, s.user, int(s.city)), LastUserAgent: agents[s.lastAgent].ua,
			LastIP: simkit.IPFor(st.seed, s.user, int(s.lastCity)).String(), LastASN: simkit.ASNFor(st.seed, s.user, int(s.lastCity)),
		},
		Cookie:          cookieJSON{Mode: "non-persistent"},
		SessionMetadata: metadata[s.meta],
	}
	if s.persistent {
		v.Cookie.Mode = "persistent"
	}
	for i, a := range st.tenant.apps {
		if s.clients&(1<<i) != 0 {
			v.Clients = append(v.Clients, clientJSON{a.clientID})
		}
	}
	for _, m := range methodSets[s.methods] {
		at := s.authenticated
		if m.name == "mfa" {
			at += int64(s.mfaDelay) * 1000
		}
		v.Authentication.Methods = append(v.Authentication.Methods, methodJSON{m.name, auth0Time(at), m.typ})
	}
	return v
}

// field is one top-level property of a rendered user, in Auth0's order.
type field struct {
	key string
	val any
}

// userFields renders user ui; the caller holds st.mu.
func (st *store) userFields(ui int32) []field {
	u := &st.users[ui]
	conn, provider, social := st.tenant.connection(u.conn)
	_, idRest, _ := strings.Cut(u.id, "|")
	lastLogin, lastCity := u.created+3*minute, u.home
	for _, si := range u.sessions {
		if s := &st.sess[si]; s.authenticated > lastLogin {
			lastLogin, lastCity = s.authenticated, s.lastCity
		}
	}
	sum := md5.Sum([]byte(strings.ToLower(u.email)))
	initials := strings.ToLower(simkit.ASCIIFold(u.first[:1]) + simkit.ASCIIFold(u.last[:1]))
	nickname, _, _ := strings.Cut(u.email, "@")
	fs := []field{
		{"created_at", auth0Time(u.created)},
		{"email", u.email},
		{"email_verified", u.verified},
		{"family_name", u.last},
		{"given_name", u.first},
		{"identities", []map[string]any{{"connection": conn, "provider": provider, "user_id": idRest, "isSocial": social}}},
		{"name", u.first + " " + u.last},
		{"nickname", nickname},
		{"picture", "https://s.gravatar.com/avatar/" + hex.EncodeToString(sum[:]) + "?s=480&r=pg&d=" +
			url.QueryEscape("https://cdn.auth0.com/avatars/"+initials+".png")},
		{"updated_at", auth0Time(u.updated)},
		{"user_id", u.id},
		{"last_ip", simkit.IPFor(st.seed, ui, int(lastCity)).String()},
		{"last_login", auth0Time(lastLogin)},
		{"logins_count", len(u.sessions) + int(u.extraLogins) + 1},
	}
	if u.blocked {
		fs = append(fs, field{"blocked", true})
	}
	return fs
}

// userJSON renders a user keeping only the properties fields selects (nil = all).
func (st *store) userJSON(ui int32, keep func(string) bool) json.RawMessage {
	var b strings.Builder
	b.WriteByte('{')
	n := 0
	for _, f := range st.userFields(ui) {
		if keep != nil && !keep(f.key) {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		b.Write(marshal(f.key))
		b.WriteByte(':')
		b.Write(marshal(f.val))
	}
	b.WriteByte('}')
	return json.RawMessage(b.String())
}

// marshal encodes v without escaping &, < and > (Auth0 sends URLs as they are).
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
