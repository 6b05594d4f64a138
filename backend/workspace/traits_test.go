package workspace

import (
	"testing"

	"sessionscope/backend/secrets"
)

// Kratos keeps no last-activity time: the views learn it from the connector's descriptor (no
// shipped connector's session ids are bearer credentials), and an unknown kind claims nothing.
func TestKindTraitsComeFromTheConnectorsDescriptor(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	cases := map[string]KindTraits{
		"kratos":     {NoLastActive: true},
		"salesforce": {},
		"keycloak":   {},
		"auth0":      {},
		"nosuchkind": {},
	}
	for kind, want := range cases {
		if got := ws.Traits(kind); got != want {
			t.Errorf("%s: %+v, want %+v", kind, got, want)
		}
	}
}
