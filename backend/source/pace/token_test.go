package pace

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"sessionscope/backend/source"
)

func TestTokenErrorMapsTheEndpointsFailuresAndLeavesRefusalsToTheConnector(t *testing.T) {
	var asked []string
	refused := func(status int, code, desc string) *source.Error {
		asked = append(asked, code)
		return &source.Error{Code: source.CodeAuth, Status: status, ServerCode: code, Message: desc + " — sign in again"}
	}
	retrieve := func(status int, code, desc string) error {
		return &oauth2.RetrieveError{Response: &http.Response{StatusCode: status}, ErrorCode: code, ErrorDescription: desc}
	}
	for _, tc := range []struct {
		err  error
		code string
		msg  string
	}{
		{errors.New(`Post "https://h/token?x=secret": dial tcp: connection refused`), source.CodeUnavailable, "could not reach the token endpoint: Post \"https://h/token\""},
		{retrieve(429, "", ""), source.CodeRateLimit, "the token endpoint is rate limiting"},
		{retrieve(429, "too_many_requests", "Global limit"), source.CodeRateLimit, "the token endpoint is rate limiting (Global limit)"},
		{retrieve(503, "", ""), source.CodeUnavailable, "the token endpoint failed"},
		{retrieve(500, "", "boom"), source.CodeUnavailable, "the token endpoint failed: boom"},
		{retrieve(400, "invalid_grant", "expired"), source.CodeAuth, "expired — sign in again"},
	} {
		got := TokenError(tc.err, refused)
		if source.CodeOf(got) != tc.code || !strings.Contains(got.Error(), tc.msg) || strings.Contains(got.Error(), "secret") {
			t.Errorf("%v: got %v (%s), want %s %q", tc.err, got, source.CodeOf(got), tc.code, tc.msg)
		}
	}
	if len(asked) != 1 || asked[0] != "invalid_grant" {
		t.Fatalf("only the refusal goes to the connector: %v", asked)
	}
	if e := TokenAnswer(200, "", "", refused); e.Code != source.CodeAuth {
		t.Fatalf("an answer without a token is the connector's refusal: %+v", e)
	}
}
