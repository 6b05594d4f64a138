package kratos

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// Whether the server has the bulk endpoint POST /admin/sessions. Self-hosted Kratos (v26.2.0
// and v1.3.1 alike) has none and answers 405 "Method Not Allowed" (text/plain, Allow: DELETE,
// GET, …); the hosted Ory Network API has it. So it is decided by what the server answers, the
// first time it matters, and remembered for the client's life — never by the version string.
const (
	bulkUnknown = iota
	bulkYes
	bulkNo
)

// bulkProbe holds the answer; first makes parallel first uses wait for one answer.
type bulkProbe struct {
	first sync.Mutex
	state atomic.Int32
}

// bulkEndpointMissing is whether an answer to POST /admin/sessions says there is no such
// endpoint: 405 (self-hosted) or 404 (a gateway that does not route it).
func bulkEndpointMissing(err error) bool {
	st := statusOf(err)
	return st == http.StatusMethodNotAllowed || st == http.StatusNotFound
}

// hasBulk says whether the server has the bulk endpoint, asking it if nobody has yet: an
// empty bulk disable ends nothing, and a server that has the endpoint accepts (200) or rejects
// the empty list (400). It fails only when the server answered neither way (auth, outage).
func (c *Client) hasBulk(ctx context.Context) (bool, error) {
	if s := c.bulk.state.Load(); s != bulkUnknown {
		return s == bulkYes, nil
	}
	c.bulk.first.Lock()
	defer c.bulk.first.Unlock()
	if s := c.bulk.state.Load(); s != bulkUnknown {
		return s == bulkYes, nil
	}
	_, err := c.doN(ctx, 1, http.MethodPost, "/admin/sessions", nil, bulkRequest{Action: "disable", Sessions: []string{}})
	switch {
	case err == nil || statusOf(err) == http.StatusBadRequest:
		c.bulk.state.Store(bulkYes)
	case bulkEndpointMissing(err) || source.CodeOf(err) == source.CodePermission:
		c.bulk.state.Store(bulkNo) // a key that may not bulk still signs out one by one
	default:
		return false, err
	}
	return c.bulk.state.Load() == bulkYes, nil
}

// bulkDisable sends one bulk disable unless the server is known to lack the endpoint; served
// is false when it lacks it (the real call is the probe: no extra request).
func (c *Client) bulkDisable(ctx context.Context, ids []string) (resp *pace.Response, served bool, err error) {
	s := c.bulk.state.Load()
	if s == bulkUnknown {
		c.bulk.first.Lock()
		defer c.bulk.first.Unlock()
		s = c.bulk.state.Load()
	}
	if s == bulkNo {
		return nil, false, nil
	}
	resp, err = c.do(ctx, http.MethodPost, "/admin/sessions", nil, bulkRequest{Action: "disable", Sessions: ids})
	switch {
	case bulkEndpointMissing(err):
		c.bulk.state.Store(bulkNo)
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	c.bulk.state.Store(bulkYes)
	return resp, true, nil
}

// Methods, for plans and the connection test.
var (
	methodBulk = source.Method{Name: "kratos_bulk_disable", Call: `POST /admin/sessions {"action":"disable","sessions":[…]}`,
		PerCall: MaxBulkIDs, Requests: 1,
		Note: "Ory Network's bulk endpoint; its answer counts the sessions still active, not which"}
	methodOne = source.Method{Name: "kratos_disable_session", Call: "GET, then DELETE /admin/sessions/{id}",
		PerCall: 1, Requests: 2,
		Note: "one session at a time (this server has no bulk endpoint: POST /admin/sessions is not allowed); " +
			"the GET tells an already signed-out session from one ended now"}
	methodIdentity = source.Method{Name: "kratos_delete_identity_sessions", Call: "DELETE /admin/identities/{id}/sessions",
		PerCall: 1, Requests: 2,
		Note: "hard-deletes every session row of the identity; a count of its active sessions is read first"}
	methodDeactivate = source.Method{Name: "kratos_deactivate_identity", Call: `PATCH /admin/identities/{id} [{"op":"replace","path":"/state","value":"inactive"}]`,
		PerCall: 1, Requests: 1, Note: "the identity can no longer sign in; its sessions fail whoami"}
)

// SignOutMethods says how this client ends sessions; it asks the server once whether it has
// the bulk endpoint.
func (c *Client) SignOutMethods(ctx context.Context) (source.SignOutMethods, error) {
	bulk, err := c.hasBulk(ctx)
	if err != nil {
		return source.SignOutMethods{}, err
	}
	m := source.SignOutMethods{Sessions: methodOne, User: &methodIdentity, Contain: []source.Method{methodDeactivate}}
	if bulk {
		m.Sessions = methodBulk
	}
	return m, nil
}

var _ source.SignOutPlanner = (*Client)(nil)
