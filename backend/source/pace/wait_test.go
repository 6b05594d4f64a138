package pace

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/source"
)

func TestBackoffDoublesCapsAndJitters(t *testing.T) {
	for _, tc := range []struct {
		attempt int
		lo, hi  time.Duration
	}{{1, 100 * time.Millisecond, 125 * time.Millisecond}, {3, 400 * time.Millisecond, 500 * time.Millisecond},
		{20, MaxBackoff, MaxBackoff * 5 / 4}, {200, MaxBackoff, MaxBackoff * 5 / 4}} {
		if d := Backoff(100*time.Millisecond, tc.attempt); d < tc.lo || d > tc.hi {
			t.Errorf("attempt %d: %s, want within [%s, %s]", tc.attempt, d, tc.lo, tc.hi)
		}
	}
}

func TestSleepEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); err != context.Canceled {
		t.Fatalf("Sleep on a cancelled context = %v", err)
	}
}

func TestRetryAfterForms(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"3", 3 * time.Second, true}, {" 0 ", 0, true}, {"-1", 0, false}, {"", 0, false}, {"soon", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"99999999999", 24 * time.Hour, true},
	} {
		if got, ok := RetryAfter(tc.in, now); got != tc.want || ok != tc.ok {
			t.Errorf("RetryAfter(%q) = %s %v, want %s %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestHTTPErrorMapsStatusesAndScrubsTheBody(t *testing.T) {
	for status, code := range map[int]string{401: source.CodeAuth, 403: source.CodePermission, 404: source.CodeNotFound,
		429: source.CodeRateLimit, 500: source.CodeUnavailable, 503: source.CodeUnavailable, 400: source.CodeBadRequest, 409: source.CodeBadRequest} {
		if e := HTTPError(status, "", "", nil); e.Code != code || e.Status != status || e.Message != http.StatusText(status) {
			t.Errorf("%d: %+v, want code %s and the status text", status, e, code)
		}
	}
	if e := HTTPError(502, "", "", []byte("  \n ")); e.Message != "Bad Gateway" {
		t.Errorf("an empty body gives the status text: %q", e.Message)
	}
	if e := HTTPError(405, "", "", []byte("Method Not Allowed\n")); e.Message != "Method Not Allowed" {
		t.Errorf("a text body is the message: %q", e.Message)
	}
	if e := HTTPError(400, "INVALID_FIELD", "No such column 'Foo'", []byte("ignored")); e.ServerCode != "INVALID_FIELD" || e.Message != "No such column 'Foo'" {
		t.Errorf("the connector's reading wins: %+v", e)
	}
	long := strings.Repeat("é", 300)
	if e := HTTPError(400, "", "", []byte(long)); len(e.Message) > MaxExcerpt+len("…") || !strings.HasSuffix(e.Message, "…") ||
		!strings.HasPrefix(long, strings.TrimSuffix(e.Message, "…")) {
		t.Errorf("a long body is cut on a character boundary: %d bytes %q", len(e.Message), e.Message[:20])
	}
}

func TestScrubRemovesCredentials(t *testing.T) {
	jwt := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsImV4cCI6MX0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
	for _, secret := range []string{
		"Authorization: Bearer 00Dxx0000001gPL!AQ4AQFpqLuYmBsecret",
		"session 00D5e000000AbCd!AQcAQH0dMHZfz972Szmpkb58urFRkgeBGsxL_QJWwYMfAbUeeG7c1E6LYUfiDUkWe6H34r1AAwOR8B8fLEz6n04NPGRrq0FM",
		"token " + jwt,
		`{"refresh_token":"5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJ"}`,
		"access_token=abc123def456&x=1",
		"key ory_pat_aBcD1234eFgH5678",
		"blob " + strings.Repeat("Ab9", 20),
	} {
		out := Scrub(secret)
		for _, part := range []string{"AQ4AQFpq", "AQcAQH0dMHZfz9", jwt, "5Aep861TSES", "abc123def456", "aBcD1234eFgH5678", "Ab9Ab9Ab9Ab9"} {
			if strings.Contains(out, part) {
				t.Errorf("Scrub(%q) = %q still holds %q", secret, out, part)
			}
		}
	}
	keep := "Session not found: 3f1c2b9e-5d4a-4c6b-8e7f-0a1b2c3d4e5f (user 0055e000001XyZaAAK)"
	if got := Scrub(keep); got != keep {
		t.Errorf("ids that are not credentials stay: %q", got)
	}
	if got := Scrub(`GET "https://h/q?q=SELECT+Id": EOF`); got != `GET "https://h/q": EOF` {
		t.Errorf("queries are dropped: %q", got)
	}
}
