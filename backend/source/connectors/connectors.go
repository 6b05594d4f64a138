// Package connectors is the registry of the connectors this build ships. It sits beside the
// contract (backend/source), which cannot list them itself: each connector imports source.
// Imported by backend/workspace (and by tests and benchmarks that need the full set); the
// window and the command line reach the connectors only through the workspace.
package connectors

import (
	"sessionscope/backend/source"
	"sessionscope/backend/source/auth0"
	"sessionscope/backend/source/keycloak"
	"sessionscope/backend/source/kratos"
	"sessionscope/backend/source/salesforce"
)

// Default holds every connector this build ships, listed by kind.
func Default() *source.Registry {
	return source.NewRegistry(&salesforce.Connector{}, &keycloak.Connector{}, &kratos.Connector{}, &auth0.Connector{})
}
