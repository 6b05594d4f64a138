package keycloaksim

import "time"

// sessionRep is UserSessionRepresentation (null fields are left out, as Keycloak does).
type sessionRep struct {
	ID            string            `json:"id"`
	Username      string            `json:"username"`
	UserID        string            `json:"userId"`
	IPAddress     string            `json:"ipAddress,omitempty"`
	Start         int64             `json:"start"`
	LastAccess    int64             `json:"lastAccess"`
	RememberMe    bool              `json:"rememberMe"`
	Clients       map[string]string `json:"clients"`
	TransientUser bool              `json:"transientUser"`
}

// uiSessionRep is the admin console's SessionRepresentation (ui-ext): no rememberMe, a type.
type uiSessionRep struct {
	ID            string            `json:"id"`
	Username      string            `json:"username"`
	UserID        string            `json:"userId"`
	IPAddress     string            `json:"ipAddress,omitempty"`
	Start         int64             `json:"start"`
	LastAccess    int64             `json:"lastAccess"`
	Type          string            `json:"type"`
	Clients       map[string]string `json:"clients"`
	TransientUser bool              `json:"transientUser"`
}

// sessionRepLocked renders session i. forClient >= 0 reports that client session's
// timestamp as lastAccess, as the offline listings do. The caller holds st.mu.
func (s *Server) sessionRepLocked(i int32, forClient int) sessionRep {
	x := &s.st.sessions[i]
	u := &s.st.users[x.user]
	rep := sessionRep{ID: x.id.String(), Username: u.username, UserID: u.id.String(), Start: x.start,
		LastAccess: x.last, RememberMe: x.remember, Clients: make(map[string]string, len(x.clients))}
	if x.ip.IsValid() {
		rep.IPAddress = x.ip.String()
	}
	for _, c := range x.clients {
		rep.Clients[s.clients[c.client].id.String()] = s.clients[c.client].clientID
	}
	if forClient >= 0 {
		if cs, ok := stampFor(x, forClient); ok {
			rep.LastAccess = cs.ts
		}
	}
	return rep
}

func (s *Server) uiSessionRepLocked(i int32) uiSessionRep {
	r := s.sessionRepLocked(i, -1)
	typ := "REGULAR"
	if s.st.sessions[i].offline {
		typ = "OFFLINE"
	}
	return uiSessionRep{ID: r.ID, Username: r.Username, UserID: r.UserID, IPAddress: r.IPAddress, Start: r.Start,
		LastAccess: r.LastAccess, Type: typ, Clients: r.Clients}
}

// userRep is UserRepresentation; the brief form stops at enabled.
type userRep struct {
	ID                         string          `json:"id"`
	Username                   string          `json:"username"`
	FirstName                  string          `json:"firstName,omitempty"`
	LastName                   string          `json:"lastName,omitempty"`
	Email                      string          `json:"email,omitempty"`
	EmailVerified              bool            `json:"emailVerified"`
	CreatedTimestamp           int64           `json:"createdTimestamp"`
	Enabled                    bool            `json:"enabled"`
	Totp                       *bool           `json:"totp,omitempty"`
	DisableableCredentialTypes *[]string       `json:"disableableCredentialTypes,omitempty"`
	RequiredActions            *[]string       `json:"requiredActions,omitempty"`
	NotBefore                  *int64          `json:"notBefore,omitempty"`
	Access                     map[string]bool `json:"access,omitempty"`
}

func (s *Server) userRepLocked(u int32, brief bool, p perms) userRep {
	us := &s.st.users[u]
	rep := userRep{ID: us.id.String(), Username: us.username, FirstName: us.first, LastName: us.last, Email: us.email,
		EmailVerified: !us.serviceAcct, CreatedTimestamp: us.created, Enabled: us.enabled}
	if !brief {
		f, none, zero := false, []string{}, int64(0)
		rep.Totp, rep.DisableableCredentialTypes, rep.RequiredActions, rep.NotBefore = &f, &none, &none, &zero
		rep.Access = map[string]bool{"manageGroupMembership": p.manageUsers, "view": p.viewUsers,
			"mapRoles": p.manageUsers, "impersonate": false, "manage": p.manageUsers}
	}
	return rep
}

// clientRep is the part of ClientRepresentation the simulator fills in.
type clientRep struct {
	ID                        string            `json:"id"`
	ClientID                  string            `json:"clientId"`
	Name                      string            `json:"name,omitempty"`
	RootURL                   string            `json:"rootUrl,omitempty"`
	Enabled                   bool              `json:"enabled"`
	ClientAuthenticatorType   string            `json:"clientAuthenticatorType"`
	RedirectURIs              []string          `json:"redirectUris"`
	BearerOnly                bool              `json:"bearerOnly"`
	StandardFlowEnabled       bool              `json:"standardFlowEnabled"`
	DirectAccessGrantsEnabled bool              `json:"directAccessGrantsEnabled"`
	ServiceAccountsEnabled    bool              `json:"serviceAccountsEnabled"`
	PublicClient              bool              `json:"publicClient"`
	Protocol                  string            `json:"protocol"`
	Attributes                map[string]string `json:"attributes"`
}

func (s *Server) clientRep(c int) clientRep {
	cl := &s.clients[c]
	rep := clientRep{ID: cl.id.String(), ClientID: cl.clientID, Name: cl.name, RootURL: cl.rootURL, Enabled: true,
		ClientAuthenticatorType: "client-secret", RedirectURIs: []string{}, BearerOnly: cl.bearerOnly,
		StandardFlowEnabled: cl.standardFlow, ServiceAccountsEnabled: cl.serviceAcct, PublicClient: cl.public,
		Protocol: "openid-connect", Attributes: map[string]string{}}
	switch {
	case cl.loopback:
		rep.RedirectURIs = []string{"http://127.0.0.1/*", "http://localhost/*"}
	case cl.rootURL != "":
		rep.RedirectURIs = []string{"/*"}
	}
	if cl.pkce {
		rep.Attributes["pkce.code.challenge.method"] = "S256"
	}
	return rep
}

// realmRep is the top-level RealmRepresentation (session and token settings in seconds).
type realmRep struct {
	ID                                  string   `json:"id"`
	Realm                               string   `json:"realm"`
	DisplayName                         string   `json:"displayName"`
	NotBefore                           int64    `json:"notBefore"`
	DefaultSignatureAlgorithm           string   `json:"defaultSignatureAlgorithm"`
	RevokeRefreshToken                  bool     `json:"revokeRefreshToken"`
	RefreshTokenMaxReuse                int      `json:"refreshTokenMaxReuse"`
	AccessTokenLifespan                 int64    `json:"accessTokenLifespan"`
	AccessTokenLifespanForImplicitFlow  int64    `json:"accessTokenLifespanForImplicitFlow"`
	SSOSessionIdleTimeout               int64    `json:"ssoSessionIdleTimeout"`
	SSOSessionMaxLifespan               int64    `json:"ssoSessionMaxLifespan"`
	SSOSessionIdleTimeoutRememberMe     int64    `json:"ssoSessionIdleTimeoutRememberMe"`
	SSOSessionMaxLifespanRememberMe     int64    `json:"ssoSessionMaxLifespanRememberMe"`
	OfflineSessionIdleTimeout           int64    `json:"offlineSessionIdleTimeout"`
	OfflineSessionMaxLifespanEnabled    bool     `json:"offlineSessionMaxLifespanEnabled"`
	OfflineSessionMaxLifespan           int64    `json:"offlineSessionMaxLifespan"`
	ClientSessionIdleTimeout            int64    `json:"clientSessionIdleTimeout"`
	ClientSessionMaxLifespan            int64    `json:"clientSessionMaxLifespan"`
	ClientOfflineSessionIdleTimeout     int64    `json:"clientOfflineSessionIdleTimeout"`
	ClientOfflineSessionMaxLifespan     int64    `json:"clientOfflineSessionMaxLifespan"`
	AccessCodeLifespan                  int64    `json:"accessCodeLifespan"`
	AccessCodeLifespanUserAction        int64    `json:"accessCodeLifespanUserAction"`
	AccessCodeLifespanLogin             int64    `json:"accessCodeLifespanLogin"`
	ActionTokenGeneratedByAdminLifespan int64    `json:"actionTokenGeneratedByAdminLifespan"`
	ActionTokenGeneratedByUserLifespan  int64    `json:"actionTokenGeneratedByUserLifespan"`
	Enabled                             bool     `json:"enabled"`
	SSLRequired                         string   `json:"sslRequired"`
	RegistrationAllowed                 bool     `json:"registrationAllowed"`
	RememberMe                          bool     `json:"rememberMe"`
	VerifyEmail                         bool     `json:"verifyEmail"`
	LoginWithEmailAllowed               bool     `json:"loginWithEmailAllowed"`
	BruteForceProtected                 bool     `json:"bruteForceProtected"`
	EventsEnabled                       bool     `json:"eventsEnabled"`
	EventsExpiration                    int64    `json:"eventsExpiration,omitempty"`
	EventsListeners                     []string `json:"eventsListeners"`
	EnabledEventTypes                   []string `json:"enabledEventTypes"`
	AdminEventsEnabled                  bool     `json:"adminEventsEnabled"`
	AdminEventsDetailsEnabled           bool     `json:"adminEventsDetailsEnabled"`
}

func (s *Server) realmRep() realmRep {
	sec := func(d time.Duration) int64 { return int64(d / time.Second) }
	t := &s.cfg.Timeouts
	rep := realmRep{
		ID: s.realmID.String(), Realm: s.realm, DisplayName: s.cfg.OrgName, DefaultSignatureAlgorithm: "RS256",
		AccessTokenLifespan: sec(s.cfg.AccessTokenTTL), AccessTokenLifespanForImplicitFlow: 900,
		SSOSessionIdleTimeout: sec(t.SSOSessionIdle), SSOSessionMaxLifespan: sec(t.SSOSessionMax),
		SSOSessionIdleTimeoutRememberMe: sec(t.SSOSessionIdleRememberMe), SSOSessionMaxLifespanRememberMe: sec(t.SSOSessionMaxRememberMe),
		OfflineSessionIdleTimeout: sec(t.OfflineSessionIdle), OfflineSessionMaxLifespanEnabled: t.OfflineSessionMaxEnabled,
		OfflineSessionMaxLifespan: sec(t.OfflineSessionMax), AccessCodeLifespan: sec(accessCodeLifespan),
		AccessCodeLifespanUserAction: 300, AccessCodeLifespanLogin: 1800, ActionTokenGeneratedByAdminLifespan: 43200,
		ActionTokenGeneratedByUserLifespan: 300, Enabled: true, SSLRequired: "external", RememberMe: true,
		LoginWithEmailAllowed: true, BruteForceProtected: true, EventsEnabled: !s.cfg.EventsDisabled,
		EventsListeners: []string{"jboss-logging"}, EnabledEventTypes: []string{},
	}
	if rep.EventsEnabled {
		rep.EventsExpiration = 30 * 86400
		rep.EnabledEventTypes = []string{"LOGIN", "LOGIN_ERROR", "LOGOUT", "CODE_TO_TOKEN", "REFRESH_TOKEN"}
	}
	return rep
}
