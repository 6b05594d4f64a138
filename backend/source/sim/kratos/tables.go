package kratossim

// Identity schemas. Kratos traits are whatever the project's schema says; the simulator uses
// three common shapes so that a connector must really pick the login name from the traits:
// e-mail, username, or (phone) neither — the first string trait.
const (
	schemaDefault  uint8 = iota // {"email", "name": {"first", "last"}}
	schemaUsername              // {"username", "name": {...}}
	schemaPhone                 // {"name": {...}, "phone"}
)

var schemaIDs = []string{"default", "username", "phone"}

// method is one entry of authentication_methods.
type method struct {
	name, aal, provider string
}

// combo is how a session was authenticated: the methods in order and the AAL reached.
type combo struct {
	aal     string
	methods []method
	weight  int
}

var combos = []combo{
	{"aal1", []method{{"password", "aal1", ""}}, 46},
	{"aal2", []method{{"password", "aal1", ""}, {"totp", "aal2", ""}}, 10},
	{"aal1", []method{{"oidc", "aal1", "google"}}, 10},
	{"aal1", []method{{"oidc", "aal1", "github"}}, 5},
	{"aal1", []method{{"oidc", "aal1", "microsoft"}}, 4},
	{"aal1", []method{{"code", "aal1", ""}}, 8},
	{"aal1", []method{{"passkey", "aal1", ""}}, 7},
	{"aal2", []method{{"password", "aal1", ""}, {"webauthn", "aal2", ""}}, 4},
	{"aal2", []method{{"oidc", "aal1", "google"}, {"totp", "aal2", ""}}, 3},
	{"aal2", []method{{"password", "aal1", ""}, {"lookup_secret", "aal2", ""}}, 1},
	{"aal1", []method{{"code_recovery", "aal1", ""}}, 2},
}

// comboCode is the combo phone identities sign in with (a one-time code by SMS).
const comboCode = 5

// userAgents are User-Agent headers Kratos would have recorded: browsers for browser flows,
// app HTTP clients for native flows. "{app}" becomes the org's app name.
var userAgents = []struct {
	ua     string
	weight int
	mobile bool
}{
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36", 26, false},
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0", 8, false},
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0", 6, false},
	{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36", 12, false},
	{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Safari/605.1.15", 9, false},
	{"Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0", 3, false},
	{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36", 2, false},
	{"Mozilla/5.0 (iPhone; CPU iPhone OS 19_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Mobile/15E148 Safari/604.1", 11, true},
	{"Mozilla/5.0 (Linux; Android 16; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36", 8, true},
	{"Mozilla/5.0 (Linux; Android 15; SM-S928B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36", 3, true},
	{"Mozilla/5.0 (iPad; CPU OS 19_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Mobile/15E148 Safari/604.1", 2, true},
	{"{app}/5.4.0 (com.{slug}.app; build:5402; iOS 19.0.1) Alamofire/5.10.2", 5, true},
	{"okhttp/4.12.0", 4, true},
	{"{app}-cli/2.3.1 (linux; amd64) ory-client-go/1.22.0", 1, false},
}

// ip classes: what Kratos records as ip_address (see apis.md §9): a public address from a
// forwarding header, "" when X-Forwarded-For held only private addresses, or the TCP peer as
// host:port when no header was sent.
const (
	ipPublic4 uint8 = iota
	ipPublic6
	ipEmpty       // only private X-Forwarded-For
	ipLoopback    // 127.0.0.1:PORT, no header
	ipLoopback6   // [::1]:PORT, no header
	ipPrivatePeer // 10.x.y.z:PORT, a pod or proxy that forwards no header
)

var ipClassWeights = []int{ipPublic4: 60, ipPublic6: 10, ipEmpty: 10, ipLoopback: 12, ipLoopback6: 3, ipPrivatePeer: 5}
