package salesforce

import (
	"context"
	"fmt"

	"sessionscope/backend/source"
)

// Check signs in, names the user, and probes the permission the app needs: reading
// AuthSession requires Manage Users.
func (c *Client) Check(ctx context.Context) (source.Health, error) {
	h, err := source.SignedIn(ctx, c)
	if err != nil {
		return h, err
	}
	who := h.SignedInAs
	_, err = c.pacer.Do(ctx, c.soql("SELECT Id FROM AuthSession LIMIT 1", 0))
	ok, err := source.Probe(err, source.CodePermission, source.CodeBadRequest)
	if err != nil {
		return h, err
	}
	perm := source.PermissionCheck{Name: "Manage Users (read and remove sessions)", OK: ok}
	if !ok {
		perm.Hint = "give " + who + " a profile or permission set with Manage Users"
	}
	h.Permissions = append(h.Permissions, perm)
	if st, ok := c.RateLimit(); ok && st.Limit > 0 {
		h.Limits = fmt.Sprintf("%d of %d daily API requests used", st.Used, st.Limit)
	}
	return h, nil
}

var _ source.HealthChecker = (*Client)(nil)
