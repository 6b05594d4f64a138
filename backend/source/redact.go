package source

import "strings"

// RedactURLs drops query strings from URLs inside an error text: net/http puts the request URL
// in its errors, and queries carry SOQL, page tokens, user ids and search terms. A "?" counts
// as the start of a query when what follows it, up to the next quote, space or bracket, holds
// a "=" — a question mark in prose stays.
func RedactURLs(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '?')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := strings.IndexAny(s[i:], "\"' <>()\n\t")
		if end < 0 {
			end = len(s) - i
		}
		q := s[i : i+end]
		b.WriteString(s[:i])
		if !strings.Contains(q, "=") {
			b.WriteByte('?')
			s = s[i+1:]
			continue
		}
		s = s[i+end:]
	}
}
