package auth0sim

import (
	"errors"
	"strings"
	"time"
)

// userPred tests one user; the caller holds st.mu.
type userPred func(st *store, ui int32) bool

// parseQuery understands the subset of Auth0's Lucene user-search syntax a session tool
// needs: terms joined by AND, each field:value, field:"quoted value" or a range
// field:[lo TO hi] with {} for exclusive bounds and * for an open end. Fields: created_at,
// updated_at (ranges or exact), user_id, email, name, email.domain, blocked,
// identities.connection. Anything else is refused the way Auth0 refuses a bad query (400).
func parseQuery(q string) (userPred, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	var preds []userPred
	for _, term := range splitAnd(q) {
		p, err := parseTerm(strings.TrimSpace(term))
		if err != nil {
			return nil, err
		}
		preds = append(preds, p)
	}
	return func(st *store, ui int32) bool {
		for _, p := range preds {
			if !p(st, ui) {
				return false
			}
		}
		return true
	}, nil
}

// splitAnd splits on " AND " outside quotes and brackets.
func splitAnd(q string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case depth == 0 && strings.HasPrefix(q[i:], " AND "):
			out = append(out, q[start:i])
			start = i + 5
			i += 4
		}
	}
	return append(out, q[start:])
}

func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return v[1 : len(v)-1]
	}
	return v
}

func parseTerm(t string) (userPred, error) {
	field, val, ok := strings.Cut(t, ":")
	if !ok || field == "" || val == "" {
		return nil, errors.New("expected field:value, got " + t)
	}
	if val[0] == '[' || val[0] == '{' {
		if field != "created_at" && field != "updated_at" {
			return nil, errors.New("range queries are supported on created_at and updated_at only")
		}
		return parseRange(field, val)
	}
	v := unquote(val)
	switch field {
	case "created_at", "updated_at":
		ms, err := parseQueryTime(v)
		if err != nil {
			return nil, err
		}
		return func(st *store, ui int32) bool { return userTime(st, ui, field) == ms }, nil
	case "user_id":
		return func(st *store, ui int32) bool { return st.users[ui].id == v }, nil
	case "email":
		return func(st *store, ui int32) bool { return strings.EqualFold(st.users[ui].email, v) }, nil
	case "email.domain":
		return func(st *store, ui int32) bool {
			return strings.HasSuffix(strings.ToLower(st.users[ui].email), "@"+strings.ToLower(v))
		}, nil
	case "name":
		return func(st *store, ui int32) bool {
			u := &st.users[ui]
			return strings.EqualFold(u.first+" "+u.last, v)
		}, nil
	case "blocked":
		want := v == "true"
		return func(st *store, ui int32) bool { return st.users[ui].blocked == want }, nil
	case "identities.connection":
		return func(st *store, ui int32) bool {
			name, _, _ := st.tenant.connection(st.users[ui].conn)
			return name == v
		}, nil
	}
	return nil, errors.New("unsupported field " + field)
}

func parseRange(field, val string) (userPred, error) {
	last := val[len(val)-1]
	if last != ']' && last != '}' {
		return nil, errors.New("unterminated range " + val)
	}
	lo, hi, ok := strings.Cut(val[1:len(val)-1], " TO ")
	if !ok {
		return nil, errors.New("a range needs lo TO hi")
	}
	loIncl, hiIncl := val[0] == '[', last == ']'
	bound := func(s string) (int64, bool, error) {
		s = unquote(strings.TrimSpace(s))
		if s == "*" {
			return 0, false, nil
		}
		ms, err := parseQueryTime(s)
		return ms, true, err
	}
	loMS, hasLo, err := bound(lo)
	if err != nil {
		return nil, err
	}
	hiMS, hasHi, err := bound(hi)
	if err != nil {
		return nil, err
	}
	return func(st *store, ui int32) bool {
		t := userTime(st, ui, field)
		if hasLo && (t < loMS || !loIncl && t == loMS) {
			return false
		}
		return !hasHi || t < hiMS || hiIncl && t == hiMS
	}, nil
}

func userTime(st *store, ui int32, field string) int64 {
	if field == "updated_at" {
		return st.users[ui].updated
	}
	return st.users[ui].created
}

// parseQueryTime reads a date or date-time as written in a query.
func parseQueryTime(s string) (int64, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UnixMilli(), nil
		}
	}
	return 0, errors.New("cannot read the date " + s)
}
