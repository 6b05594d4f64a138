package pace

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"sessionscope/backend/source"
)

// GetJSON reads one JSON resource: a GET of r.URL with r.Query through the pacer (pacing,
// retries, credentials and the status → code mapping, as Do), its answer read up to
// Options.MaxBody, and a 2xx body decoded into v (see Decode). r.Method is ignored. The answer
// comes back with the error of a failed call, as Do returns it.
func (p *Pacer) GetJSON(ctx context.Context, r Request, what string, v any) (*Response, error) {
	r.Method = http.MethodGet
	resp, err := p.Do(ctx, r)
	if err != nil {
		return resp, err
	}
	return resp, Decode(resp.Body, what, v)
}

// Decode reads a JSON answer into v. An answer that is not JSON of v's shape is a
// bad-response error naming what it was: "<what> is not valid JSON (…)".
func Decode(body []byte, what string, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return &source.Error{Code: source.CodeBadResponse, Message: fmt.Sprintf("%s is not valid JSON (%v)", what, err)}
	}
	return nil
}

// Path is prefix followed by each segment path-escaped, for ids that come from a server or a
// user: Path("/api/v2/users", id, "logs") is "/api/v2/users/auth0%7C42/logs".
func Path(prefix string, segments ...string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}
