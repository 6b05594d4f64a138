package simkit

import (
	"net/http"
	"strings"
)

// BearerToken returns the token of an "Authorization: Bearer <token>" header, "" when there
// is none. alsoSchemes are further scheme names accepted in place of Bearer (compared
// case-insensitively, like Bearer).
func BearerToken(r *http.Request, alsoSchemes ...string) string {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok {
		return ""
	}
	if strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(tok)
	}
	for _, s := range alsoSchemes {
		if strings.EqualFold(scheme, s) {
			return strings.TrimSpace(tok)
		}
	}
	return ""
}

// BaseURL is a simulator's own base URL: started (its URL after Start) when set, else the
// request's scheme and host (the handler is mounted elsewhere, e.g. on httptest).
func BaseURL(started string, r *http.Request) string {
	if started != "" {
		return started
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// MethodIn reports whether the request's method is one of methods (HEAD counts as GET).
func MethodIn(r *http.Request, methods ...string) bool {
	m := r.Method
	if m == http.MethodHead {
		m = http.MethodGet
	}
	for _, a := range methods {
		if a == m {
			return true
		}
	}
	return false
}
