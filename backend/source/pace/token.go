package pace

import (
	"context"
	"errors"
	"net/http"

	"golang.org/x/oauth2"

	"sessionscope/backend/source"
)

// OAuth is ctx carrying the pacer's HTTP client for token grants made by golang.org/x/oauth2:
// the same timeout and connections as the API calls.
func (p *Pacer) OAuth(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, p.http)
}

// Refusal is what a connector makes of a token endpoint that refused the request: the
// status, the OAuth error code and its description as the endpoint sent them.
type Refusal func(status int, code, desc string) *source.Error

// TokenError is the connector error for a failed token grant made with golang.org/x/oauth2,
// without echoing any token. An endpoint that cannot be reached, is rate limiting or fails
// means the same on every server; what a refusal means (and what to do about it) is the
// connector's to say.
func TokenError(err error, refused Refusal) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return &source.Error{Code: source.CodeUnavailable, Message: "could not reach the token endpoint: " + source.RedactURLs(err.Error()), Err: err}
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	return TokenAnswer(status, re.ErrorCode, re.ErrorDescription, refused)
}

// TokenAnswer is TokenError for an error answer of the token endpoint read by hand.
func TokenAnswer(status int, code, desc string, refused Refusal) *source.Error {
	switch {
	case status == http.StatusTooManyRequests:
		e := &source.Error{Code: source.CodeRateLimit, ServerCode: code, Status: status, Message: "the token endpoint is rate limiting"}
		if desc != "" {
			e.Message += " (" + desc + ")"
		}
		return e
	case status >= 500:
		e := &source.Error{Code: source.CodeUnavailable, ServerCode: code, Status: status, Message: "the token endpoint failed"}
		if desc != "" {
			e.Message += ": " + desc
		}
		return e
	}
	return refused(status, code, desc)
}
