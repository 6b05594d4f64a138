package auth0sim

import "net/http"

// tenantSettingsJSON is the part of GET /api/v2/tenants/settings a session review reads: the
// tenant's session lifetimes, in hours as the Management API reports them (the dashboard's
// "Maximum Session Lifetime" and "Idle Session Lifetime"), and the *_in_minutes forms the API
// sends next to them. The simulator's sessions expire by exactly these values.
type tenantSettingsJSON struct {
	FriendlyName                 string          `json:"friendly_name"`
	SupportEmail                 string          `json:"support_email"`
	DefaultDirectory             string          `json:"default_directory"`
	SessionLifetime              float64         `json:"session_lifetime"`
	IdleSessionLifetime          float64         `json:"idle_session_lifetime"`
	SessionLifetimeInMinutes     int64           `json:"session_lifetime_in_minutes"`
	IdleSessionLifetimeInMinutes int64           `json:"idle_session_lifetime_in_minutes"`
	EnabledLocales               []string        `json:"enabled_locales"`
	SessionCookie                sessionCookie   `json:"session_cookie"`
	Flags                        map[string]bool `json:"flags"`
}

type sessionCookie struct {
	Mode string `json:"mode"`
}

// handleTenantSettings is GET /api/v2/tenants/settings (scope read:tenant_settings).
func (s *Server) handleTenantSettings(c *call) {
	if !c.need("read:tenant_settings") {
		return
	}
	const minute = 60 * 1000
	writeJSON(c.w, http.StatusOK, tenantSettingsJSON{
		FriendlyName:                 s.cfg.OrgName,
		SupportEmail:                 "support@" + s.tenant.domain,
		DefaultDirectory:             "Username-Password-Authentication",
		SessionLifetime:              float64(absoluteLifetime) / (60 * minute),
		IdleSessionLifetime:          float64(idleLifetime) / (60 * minute),
		SessionLifetimeInMinutes:     absoluteLifetime / minute,
		IdleSessionLifetimeInMinutes: idleLifetime / minute,
		EnabledLocales:               []string{"en"},
		SessionCookie:                sessionCookie{Mode: "persistent"},
		Flags:                        map[string]bool{"enable_client_connections": false, "revoke_refresh_token_grant": false},
	})
}
