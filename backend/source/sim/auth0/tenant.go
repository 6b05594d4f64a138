package auth0sim

import (
	"strings"

	"sessionscope/backend/source/sim/simkit"
)

// tenantInfo is the tenant's identity: its name, the demo machine-to-machine application
// and the applications users sign in to (they appear in sessions' clients[]).
type tenantInfo struct {
	name         string // tenant name, e.g. "acme"
	domain       string // the company's own e-mail domain, e.g. "acme.example"
	clientID     string
	clientSecret string
	apps         []app
	samlConn     string // enterprise connection names
	azureConn    string
}

type app struct{ clientID, name string }

const (
	idAlphabet     = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	base64URLChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
)

func newTenant(org string, seed uint64) tenantInfo {
	slug := simkit.Slug(org, "tenant")
	t := tenantInfo{
		name:         slug,
		domain:       slug + ".example",
		clientID:     simkit.DetString(seed, 1, 32, idAlphabet),
		clientSecret: simkit.DetString(seed, 2, 64, base64URLChars),
		samlConn:     slug + "-okta",
		azureConn:    slug + "-azure",
	}
	title := strings.TrimSpace(org)
	for i, n := range []string{"Customer Portal", "Mobile App", "Admin Console", "Support Desk", "Analytics"} {
		t.apps = append(t.apps, app{clientID: simkit.DetString(seed, uint64(10+i), 32, idAlphabet), name: title + " " + n})
	}
	return t
}

// Connections users sign up with. Each user has one identity.
const (
	connDatabase uint8 = iota // Username-Password-Authentication
	connGoogle
	connSAML
	connAzure
	connEmail // passwordless e-mail
)

// connection returns the identity's connection name, provider and isSocial flag.
func (t *tenantInfo) connection(c uint8) (name, provider string, social bool) {
	switch c {
	case connGoogle:
		return "google-oauth2", "google-oauth2", true
	case connSAML:
		return t.samlConn, "samlp", false
	case connAzure:
		return t.azureConn, "waad", false
	case connEmail:
		return "email", "email", false
	default:
		return "Username-Password-Authentication", "auth0", false
	}
}

// consumerDomains hold the e-mail addresses of people who are not the company's staff.
var consumerDomains = []string{"example.com", "example.net", "example.org", "globex.example",
	"initech.example", "umbrella.example", "hooli.example", "stark-industries.example"}
