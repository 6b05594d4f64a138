package connectors

import (
	"slices"
	"testing"
)

func TestDefaultHoldsEveryShippedConnector(t *testing.T) {
	var kinds []string
	for _, d := range Default().Kinds() {
		kinds = append(kinds, d.Kind)
		if d.DisplayName == "" {
			t.Errorf("%s has no display name", d.Kind)
		}
	}
	if want := []string{"auth0", "keycloak", "kratos", "salesforce"}; !slices.Equal(kinds, want) {
		t.Fatalf("kinds = %v, want %v", kinds, want)
	}
}
