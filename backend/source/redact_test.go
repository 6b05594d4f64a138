package source

import "testing"

func TestRedactURLsDropsQueries(t *testing.T) {
	for in, want := range map[string]string{
		`Get "https://acme.my.salesforce.com/services/data/v66.0/query?q=SELECT+Id": dial tcp: timeout`: `Get "https://acme.my.salesforce.com/services/data/v66.0/query": dial tcp: timeout`,
		`GET /admin/sessions?page_token=abc&page_size=5 failed; GET /x?id=1 too`:                        `GET /admin/sessions failed; GET /x too`,
		`is this the admin URL?`:      `is this the admin URL?`,
		`why? because`:                `why? because`,
		`https://h/p?token=s3cret`:    `https://h/p`,
		`(see https://h/p?a=b) later`: `(see https://h/p) later`,
	} {
		if got := RedactURLs(in); got != want {
			t.Errorf("RedactURLs(%q) = %q, want %q", in, got, want)
		}
	}
}
