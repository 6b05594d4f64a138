package keycloaksim

import "net/http"

// handleRevoke implements POST …/protocol/openid-connect/revoke (RFC 7009): unknown tokens
// are not an error.
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, "POST") {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil || r.PostForm.Get("token") == "" {
		writeKCError(w, http.StatusBadRequest, "invalid_request", "Token not provided")
		return
	}
	id, _, basic := r.BasicAuth()
	if !basic {
		id = r.PostForm.Get("client_id")
	}
	if s.clientByClientID(id) < 0 {
		writeKCError(w, http.StatusUnauthorized, "invalid_client", msgBadClient)
		return
	}
	s.tokens.revoke(r.PostForm.Get("token"))
	w.WriteHeader(http.StatusOK)
}

// handleDiscovery serves the realm's OpenID Provider metadata (the fields a client needs).
func (s *Server) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	iss := s.issuer(r)
	oidc := iss + "/protocol/openid-connect"
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                iss,
		"authorization_endpoint":                oidc + "/auth",
		"token_endpoint":                        oidc + "/token",
		"introspection_endpoint":                oidc + "/token/introspect",
		"userinfo_endpoint":                     oidc + "/userinfo",
		"end_session_endpoint":                  oidc + "/logout",
		"jwks_uri":                              oidc + "/certs",
		"revocation_endpoint":                   oidc + "/revoke",
		"grant_types_supported":                 []string{"authorization_code", "client_credentials", "refresh_token", "password", "urn:ietf:params:oauth:grant-type:device_code"},
		"response_types_supported":              []string{"code", "none", "id_token", "token", "id_token token", "code id_token", "code token", "code id_token token"},
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"code_challenge_methods_supported":      []string{"plain", "S256"},
		"token_endpoint_auth_methods_supported": []string{"private_key_jwt", "client_secret_basic", "client_secret_post", "tls_client_auth", "client_secret_jwt"},
		"scopes_supported":                      []string{"openid", "offline_access", "profile", "email", "roles", "web-origins", "acr", "basic"},
		"subject_types_supported":               []string{"public", "pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256", "HS256", "ES256"},
	})
}
