package pace

import (
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"sessionscope/backend/source"
)

// MaxExcerpt bounds how much of a server's error text a message keeps.
const MaxExcerpt = 200

// CodeForStatus is the connector error code an HTTP error status means when the body says
// nothing more specific.
func CodeForStatus(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return source.CodeAuth
	case status == http.StatusForbidden:
		return source.CodePermission
	case status == http.StatusNotFound:
		return source.CodeNotFound
	case status == http.StatusTooManyRequests:
		return source.CodeRateLimit
	case status >= 500:
		return source.CodeUnavailable
	}
	return source.CodeBadRequest
}

// HTTPError is the connector error for an error answer. serverCode and message are what the
// connector read from the body's own shape; when message is empty the body's text stands in,
// else the status text. The message is scrubbed and cut to MaxExcerpt.
// The code follows the status; connectors refine it for their servers' own codes.
func HTTPError(status int, serverCode, message string, body []byte) *source.Error {
	if strings.TrimSpace(message) == "" {
		message = string(body)
	}
	message = Excerpt(message)
	if message == "" {
		message = http.StatusText(status)
	}
	return &source.Error{Code: CodeForStatus(status), ServerCode: Excerpt(serverCode), Status: status, Message: message}
}

// Things in a server's text that must not reach a message, a log or the audit trail: bearer
// tokens, JWTs, Salesforce session ids ("00D…!…"), credential parameters, Ory API keys and
// any long unbroken run of token characters.
var (
	bearerRE  = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=!-]+`)
	jwtRE     = regexp.MustCompile(`\b[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b`)
	sfSIDRE   = regexp.MustCompile(`\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]+`)
	credKVRE  = regexp.MustCompile(`(?i)\b((?:access|refresh|id|session|delete)_?token|client_secret|assertion|password|api_key|code_verifier)("?\s*[:=]\s*"?)[^\s"&,;}]+`)
	oryKeyRE  = regexp.MustCompile(`\bory_[a-z]{2,4}_[A-Za-z0-9]+`)
	longRunRE = regexp.MustCompile(`[A-Za-z0-9+/_=-]{40,}`)
)

// Scrub removes credentials from a server's text and drops URL queries (see RedactURLs).
func Scrub(s string) string {
	s = bearerRE.ReplaceAllString(s, "$1 …")
	s = sfSIDRE.ReplaceAllString(s, "[session id]")
	s = jwtRE.ReplaceAllString(s, "[token]")
	s = credKVRE.ReplaceAllString(s, "$1$2…")
	s = oryKeyRE.ReplaceAllString(s, "[api key]")
	s = longRunRE.ReplaceAllString(s, "[…]")
	return source.RedactURLs(s)
}

// Excerpt is s scrubbed, on one line, and cut to MaxExcerpt bytes on a character boundary.
func Excerpt(s string) string {
	s = strings.Join(strings.Fields(Scrub(s)), " ")
	if len(s) <= MaxExcerpt {
		return s
	}
	cut := MaxExcerpt
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
