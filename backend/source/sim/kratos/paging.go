package kratossim

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Keyset paging of GET /admin/sessions (Ory's keysetpagination with a map page token).
const (
	defaultPageSize = 250
	maxPageSize     = 1000
	tokenTimeLayout = "2006-01-02 15:04:05.99999" // the format Kratos writes into page tokens
)

// defaultToken is where the listing starts: a created_at far in the future and the nil id.
var defaultToken = keyset{created: time.Date(2200, 12, 31, 23, 59, 59, 0, time.UTC).UnixNano()}

type keyset struct {
	created int64
	id      uuid
}

// encode renders base64("k=v/k=v"). Kratos builds it from a Go map, so the order of the two
// keys differs from token to token; the simulator varies it with the id, deterministically.
func (k keyset) encode() string {
	parts := []string{"id=" + k.id.String(), "created_at=" + time.Unix(0, k.created).UTC().Format(tokenTimeLayout)}
	if k.id[15]&1 == 1 {
		parts[0], parts[1] = parts[1], parts[0]
	}
	return base64.RawStdEncoding.EncodeToString([]byte(strings.Join(parts, "/")))
}

// Why a page token was refused: one that is not base64 fails the handler's own parsing
// ("could not parse parameter page_size"); one that decodes but lacks a readable id (or, in the
// simulator, created_at) is Kratos's PageTokenInvalid.
var (
	errTokenUnreadable = errors.New("page token is not base64")
	errTokenCrafted    = errors.New("page token lacks a valid id or created_at")
)

func decodeToken(s string) (keyset, error) {
	var k keyset
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return k, errTokenUnreadable
	}
	have := 0
	for _, p := range strings.Split(string(b), "/") {
		name, v, ok := strings.Cut(p, "=")
		switch {
		case !ok:
		case name == "id":
			if k.id, err = parseUUID(v); err != nil {
				return k, errTokenCrafted
			}
			have++
		case name == "created_at":
			t, err := time.ParseInLocation(tokenTimeLayout, v, time.UTC)
			if err != nil {
				return k, errTokenCrafted
			}
			k.created = t.UnixNano()
			have++
		}
	}
	if have != 2 {
		return k, errTokenCrafted
	}
	return k, nil
}

// keysetLinks sets the Link header as Ory's keysetpagination does: one header, rel="first"
// always and rel="next" after a comma unless this is the last page. The URLs are the
// request's own (path and query), with page_token and page_size replaced; page_size is the
// size served.
func keysetLinks(w http.ResponseWriter, r *http.Request, size int, next *keyset) {
	links := []string{linkFor(r.URL, "first", url.Values{"page_token": {defaultToken.encode()}, "page_size": {strconv.Itoa(size)}})}
	if next != nil {
		links = append(links, linkFor(r.URL, "next", url.Values{"page_token": {next.encode()}, "page_size": {strconv.Itoa(size)}}))
	}
	w.Header().Set("Link", strings.Join(links, ","))
}

func linkFor(u *url.URL, rel string, set url.Values) string {
	c := *u
	q := c.Query()
	for k, v := range set {
		q[k] = v
	}
	c.RawQuery = q.Encode()
	c.Scheme, c.Host = "", ""
	return fmt.Sprintf("<%s>; rel=%q", c.String(), rel)
}

// Page-number paging of GET /admin/identities/{id}/sessions (Ory's migration pagination: the
// legacy page/per_page and a page_token carrying an item offset, X-Total-Count,
// first/next/prev/last). The token is base64url (no padding) of {"offset":"N","v":2} on v26;
// v1 wrote {"page":"N","v":1} (N the item offset all the same).

// offsetTokens is the token format of a server version.
type offsetTokens struct{ v1 bool }

func (f offsetTokens) encode(offset int) string {
	if f.v1 {
		return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(`{"page":"%d","v":1}`, offset)))
	}
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(`{"offset":"%d","v":2}`, offset)))
}

// decode reads the offset; anything unreadable (or the other version's key) is offset 0, as
// Ory's parser treats it.
func (f offsetTokens) decode(tok string) int {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0
	}
	var v struct{ Offset, Page string }
	if json.Unmarshal(b, &v) != nil {
		return 0
	}
	n := v.Offset
	if f.v1 {
		n = v.Page
	}
	off, _ := strconv.Atoi(n)
	return off
}

// pageParams reads page_token/page_size when either is present, else page/per_page; unreadable
// values fall back to the defaults, as Ory's parser does. It returns the item offset and size.
func (f offsetTokens) pageParams(q url.Values) (offset, size int) {
	size = defaultPageSize
	if q.Has("page_token") || q.Has("page_size") {
		if n, err := strconv.Atoi(q.Get("page_size")); err == nil {
			size = n
		}
		size = min(max(size, 1), maxPageSize)
		offset = f.decode(q.Get("page_token"))
		return max(offset, 0) / size * size, size
	}
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil {
		size = n
	}
	size = min(max(size, 1), maxPageSize)
	page, _ := strconv.Atoi(q.Get("page"))
	return max(page, 0) * size, size
}

// pageLinks writes X-Total-Count and the Link header for an offset/size page of total items,
// following Ory's header algorithm (including its edge cases on the first and last page).
func (f offsetTokens) pageLinks(w http.ResponseWriter, u *url.URL, total, offset, size int) {
	link := func(rel string, size, off int) string {
		return linkFor(u, rel, url.Values{"page_size": {strconv.Itoa(size)}, "page_token": {f.encode(off)},
			"per_page": {strconv.Itoa(size)}, "page": {strconv.Itoa(off / size)}})
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	last := total - size
	if total%size != 0 {
		last = total / size * size
	}
	var links []string
	switch {
	case offset >= last && total == 0:
		links = []string{link("first", size, 0), link("next", size, offset+size), link("prev", size, offset-size)}
	case offset >= last && total < size:
		links = []string{link("first", total, 0)}
	case offset >= last:
		links = []string{link("first", size, 0), link("prev", size, last-size)}
	case offset < size:
		links = []string{link("next", size, size), link("last", size, last)}
	default:
		links = []string{link("first", size, 0), link("next", size, offset+size), link("prev", size, offset-size), link("last", size, last)}
	}
	w.Header().Set("Link", strings.Join(links, ","))
}
