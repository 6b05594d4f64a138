package auth0

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"golang.org/x/oauth2"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// grantHint says where an Auth0 admin grants the Management API scopes.
const grantHint = "grant it in the Auth0 dashboard: Applications ▸ APIs ▸ Auth0 Management API ▸ " +
	"Machine to Machine Applications ▸ this application"

// planHint explains the 403 a tenant without the session endpoints gets (apis.md §4.5 #5).
const planHint = "the Management API session endpoints are only available on Auth0 Enterprise plans"

// apiError is the Management API's error body.
type apiError struct {
	StatusCode int    `json:"statusCode"`
	Error      string `json:"error"`
	Message    string `json:"message"`
	ErrorCode  string `json:"errorCode"`
}

// parseError reads Auth0's {statusCode, error, message, errorCode} body into a typed error.
func parseError(status int, body []byte) *source.Error {
	e := &source.Error{Status: status}
	var ae apiError
	if json.Unmarshal(body, &ae) == nil && (ae.Message != "" || ae.Error != "") {
		e.ServerCode, e.Message = ae.ErrorCode, ae.Message
		if e.Message == "" {
			e.Message = ae.Error
		}
	} else {
		e.Message = strings.TrimSpace(string(body))
		if len(e.Message) > 200 {
			e.Message = e.Message[:200] + "…"
		}
		if e.Message == "" {
			e.Message = http.StatusText(status)
		}
	}
	switch {
	case status == http.StatusUnauthorized:
		e.Code = source.CodeAuth
		e.Message = "the Management API refused the access token (" + e.Message + ")"
	case status == http.StatusForbidden && e.ServerCode == "insufficient_scope":
		e.Code = source.CodePermission
		if sc := missingScopes(e.Message); sc != "" {
			e.Message = "the application lacks the Management API scope " + sc + ": " + grantHint
		}
	case status == http.StatusForbidden:
		e.Code = source.CodePermission
		if lower := strings.ToLower(e.Message); strings.Contains(lower, "not enabled") ||
			strings.Contains(lower, "entitlement") || strings.Contains(lower, "plan") {
			e.Message += " — " + planHint
		}
	case status == http.StatusNotFound:
		e.Code = source.CodeNotFound
	case status == http.StatusTooManyRequests:
		e.Code = source.CodeRateLimit
		e.Message = "the tenant's Management API rate limit is used up (" + e.Message + ")"
	case status >= 500:
		e.Code = source.CodeUnavailable
	default:
		e.Code = source.CodeBadRequest
	}
	return e
}

// missingScopes pulls the scope list out of "Insufficient scope, expected any of: read:users".
func missingScopes(msg string) string {
	for _, marker := range []string{"expected any of:", "expected all of:"} {
		if _, rest, ok := strings.Cut(msg, marker); ok {
			parts := strings.Split(rest, ",")
			for i := range parts {
				parts[i] = strings.TrimSpace(parts[i])
			}
			return strings.Join(parts, " or ")
		}
	}
	return ""
}

// tokenError turns a failed client-credentials grant into a connector error. It never
// echoes the secret: only Auth0's error code and description are kept.
func tokenError(err error) error {
	var re *oauth2.RetrieveError
	if msg := source.RedactURLs(err.Error()); !errors.As(err, &re) &&
		(strings.Contains(msg, "cannot parse") || strings.Contains(msg, "missing access_token")) {
		return &source.Error{Code: source.CodeBadResponse, Message: "the token endpoint's answer is unreadable: " + msg, Err: err}
	}
	return pace.TokenError(err, refused)
}

// refused says what a refusal of the token endpoint means for a Machine to Machine application.
func refused(st int, code, desc string) *source.Error {
	if desc == "" {
		desc = "the token request was refused"
	}
	e := &source.Error{ServerCode: code, Status: st, Message: desc}
	switch {
	case st == http.StatusUnauthorized || code == "invalid_client":
		e.Code, e.Message = source.CodeAuth, "Auth0 refused the client credentials ("+desc+"): check the client ID and enter the current client secret"
	case st == http.StatusForbidden && code == "unauthorized_client":
		e.Code, e.Message = source.CodePermission, desc+" — enable the Client Credentials grant for this application (Applications ▸ Settings ▸ Advanced ▸ Grant Types)"
	case st == http.StatusForbidden:
		e.Code, e.Message = source.CodePermission, desc+" — authorize this application for the Auth0 Management API (Applications ▸ APIs ▸ Auth0 Management API ▸ Machine to Machine Applications)"
	case st == http.StatusNotFound:
		e.Code, e.Message = source.CodeBadRequest, "there is no token endpoint at this URL: enter the tenant domain (e.g. https://acme.eu.auth0.com), not a custom domain"
	default:
		e.Code = source.CodeBadRequest
	}
	return e
}
