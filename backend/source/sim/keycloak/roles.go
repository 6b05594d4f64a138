package keycloaksim

import (
	"net/http"
	"slices"
)

// realmManagementRoles are the roles of the realm-management client.
var realmManagementRoles = []string{
	"create-client", "impersonation", "manage-authorization", "manage-clients", "manage-events",
	"manage-identity-providers", "manage-realm", "manage-users", "query-clients", "query-groups",
	"query-realms", "query-users", "realm-admin", "view-authorization", "view-clients", "view-events",
	"view-identity-providers", "view-realm", "view-users",
}

// composites are realm-management's composite roles (realm-admin holds all of them).
var composites = map[string][]string{
	"view-users":   {"query-users", "query-groups"},
	"view-clients": {"query-clients"},
}

// effectiveRoles expands composite roles, as Keycloak does when it puts roles in a token.
func effectiveRoles(assigned []string) []string {
	set := map[string]bool{}
	for _, r := range assigned {
		if r == "realm-admin" {
			for _, x := range realmManagementRoles {
				set[x] = true
			}
		}
		if slices.Contains(realmManagementRoles, r) {
			set[r] = true
		}
		for _, x := range composites[r] {
			set[x] = true
		}
	}
	out := make([]string, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// rolesFor is the realm-management roles a token for user u carries.
func (s *Server) rolesFor(u int32) []string {
	switch {
	case u == s.sa:
		return effectiveRoles(*s.saRoles.Load())
	case s.st.users[u].admin:
		return effectiveRoles([]string{"realm-admin"})
	}
	return nil
}

// perms is what a caller may do in the admin API; managing implies viewing, as in
// Keycloak's permission evaluators.
type perms struct {
	any                                bool
	viewRealm                          bool
	viewUsers, queryUsers, manageUsers bool
	viewClients, queryClients          bool
	viewEvents                         bool
}

func permsOf(roles []string) perms {
	has := func(r string) bool { return slices.Contains(roles, r) }
	p := perms{any: len(roles) > 0}
	p.viewRealm = has("view-realm") || has("manage-realm")
	p.manageUsers = has("manage-users")
	p.viewUsers = has("view-users") || p.manageUsers
	p.queryUsers = p.viewUsers || has("query-users")
	p.viewClients = has("view-clients") || has("manage-clients")
	p.queryClients = p.viewClients || has("query-clients")
	p.viewEvents = has("view-events") || has("manage-events")
	return p
}

// require writes 403 unless ok.
func require(w http.ResponseWriter, ok bool) bool {
	if !ok {
		writeKCError(w, http.StatusForbidden, msgForbidden, "")
	}
	return ok
}
