package source

import "context"

// Method is one way a connector ends sessions or contains a user, named so that a sign-out
// plan can show it ("the method and the API calls it will take") and count its requests.
type Method struct {
	Name     string `json:"name"`     // stable id, e.g. "sobject_collections_delete"
	Call     string `json:"call"`     // the API call, e.g. "DELETE /admin/sessions/{id}"
	PerCall  int    `json:"perCall"`  // sessions (or users) one call covers; 1 for per-item calls
	Requests int    `json:"requests"` // HTTP requests one call takes at least
	Note     string `json:"note,omitempty"`
}

// SignOutMethods says how a client ends sessions, per kind of sign-out.
type SignOutMethods struct {
	Sessions Method   `json:"sessions"`          // chosen sessions: RevokeSessions, else RevokeSession per id
	User     *Method  `json:"user,omitempty"`    // every session of one user: RevokeUserSessions
	Contain  []Method `json:"contain,omitempty"` // what ContainUser does, step by step
}

// SignOutPlanner is implemented by clients that say which methods they will use. It may ask
// the server once whether an endpoint exists (and remember the answer) — capabilities follow
// what the server answers, never a version number.
type SignOutPlanner interface {
	SignOutMethods(ctx context.Context) (SignOutMethods, error)
}
