package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"sessionscope/backend/source"
)

// ContainUser keeps a user out after their sessions are ended: it freezes the user
// (UserLogin.IsFrozen, as Setup ▸ Users ▸ Freeze does: no new login, no new token from any
// grant) and revokes every OAuth grant the user holds (each OauthToken's DeleteToken on
// /services/oauth2/revoke), because deleting an AuthSession leaves the refresh tokens that
// minted it working (apis.md §1.10). Sessions themselves are not ended here. The connection's
// own user is refused: freezing it would lock the app out of the org.
func (c *Client) ContainUser(ctx context.Context, userID string) error {
	if !sfID.MatchString(userID) {
		return &source.Error{Code: source.CodeBadRequest, Message: fmt.Sprintf("%q is not a Salesforce user id", userID)}
	}
	own, err := c.ownUserID(ctx)
	if err != nil {
		return err
	}
	if sameID(own, userID) {
		return &source.Error{Code: source.CodeBadRequest,
			Message: "that is the user this connection signs in as: freezing it would lock SessionScope out of the org"}
	}
	if err := c.freeze(ctx, userID); err != nil {
		return err
	}
	revoked, total, err := c.revokeGrants(ctx, userID)
	if err != nil {
		return fmt.Errorf("the user is frozen, but revoking their OAuth grants stopped after %d of %d: %w", revoked, total, err)
	}
	return nil
}

// ownUserID is the signed-in user's id, the last segment of the token's identity URL.
func (c *Client) ownUserID(ctx context.Context) (string, error) {
	idURL, err := c.identityURL(ctx)
	if err != nil {
		return "", err
	}
	id := idURL[strings.LastIndexByte(idURL, '/')+1:]
	if !sfID.MatchString(id) {
		return "", &source.Error{Code: source.CodeBadResponse,
			Message: "the token response names no user, so containment cannot make sure it spares this connection's own user"}
	}
	return id, nil
}

// sameID compares record ids in their 15- or 18-character forms (the first 15 are the id).
func sameID(a, b string) bool { return len(a) >= 15 && len(b) >= 15 && a[:15] == b[:15] }

// freeze sets IsFrozen on the user's UserLogin row.
func (c *Client) freeze(ctx context.Context, userID string) error {
	var login string
	err := c.queryAll(ctx, "SELECT Id FROM UserLogin WHERE UserId = '"+userID+"'", "user login", func(raw json.RawMessage) error {
		var r struct {
			ID string `json:"Id"`
		}
		if json.Unmarshal(raw, &r) == nil && sfID.MatchString(r.ID) {
			login = r.ID
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("find the user's login record: %w", err)
	}
	if login == "" {
		return &source.Error{Code: source.CodeNotFound, Message: "the org has no login record (UserLogin) for user " + userID}
	}
	_, err = c.do(ctx, http.MethodPatch, "/services/data/v"+c.version+"/sobjects/UserLogin/"+login, nil, []byte(`{"IsFrozen":true}`))
	if err != nil {
		return fmt.Errorf("freeze the user: %w", err)
	}
	return nil
}

// revokeGrants revokes each OAuth grant of the user with its DeleteToken. The DeleteToken is a
// credential: it is held only for the one request and never put in a message. A grant already
// revoked (400 invalid_token) counts as revoked.
func (c *Client) revokeGrants(ctx context.Context, userID string) (revoked, total int, err error) {
	var tokens []string
	err = c.queryAll(ctx, "SELECT Id, DeleteToken FROM OauthToken WHERE UserId = '"+userID+"'", "OAuth grant",
		func(raw json.RawMessage) error {
			var r struct {
				DeleteToken string `json:"DeleteToken"`
			}
			if json.Unmarshal(raw, &r) == nil && r.DeleteToken != "" {
				tokens = append(tokens, r.DeleteToken)
			}
			return nil
		})
	if err != nil {
		return 0, 0, fmt.Errorf("list the user's OAuth grants: %w", err)
	}
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	for _, tok := range tokens {
		body := []byte(url.Values{"token": {tok}}.Encode())
		_, err := c.do(ctx, http.MethodPost, "/services/oauth2/revoke", form, body)
		if err != nil && source.CodeOf(err) != source.CodeBadRequest {
			return revoked, len(tokens), err
		}
		revoked++
	}
	return revoked, len(tokens), nil
}

// Methods, for sign-out plans.
var (
	methodCollections = source.Method{Name: "sobject_collections_delete",
		Call: "DELETE /services/data/vXX.X/composite/sobjects?ids=…&allOrNone=false", PerCall: MaxCollectionIDs, Requests: 1,
		Note: "each id gets its own result; the caller's own session family (IsCurrent) is never chosen"}
	methodUser = source.Method{Name: "query_then_collections_delete",
		Call:    "GET …/query?q=SELECT Id FROM AuthSession WHERE UsersId = '…' AND IsCurrent = false, then sObject Collections deletes",
		PerCall: 1, Requests: 2, Note: "one query page per 2000 sessions and one delete per 200"}
	methodFreeze = source.Method{Name: "freeze_user", Call: "PATCH /services/data/vXX.X/sobjects/UserLogin/{Id} {\"IsFrozen\":true}",
		PerCall: 1, Requests: 2, Note: "after a query for the user's UserLogin id; blocks new logins and tokens"}
	methodRevokeGrants = source.Method{Name: "revoke_oauth_grants", Call: "POST /services/oauth2/revoke token=<OauthToken.DeleteToken>",
		PerCall: 1, Requests: 1, Note: "after a query of the user's OauthToken rows; one request per grant"}
)

// SignOutMethods says how this client ends sessions and contains users (nothing to ask the
// server: every org has these endpoints).
func (c *Client) SignOutMethods(context.Context) (source.SignOutMethods, error) {
	return source.SignOutMethods{Sessions: methodCollections, User: &methodUser,
		Contain: []source.Method{methodFreeze, methodRevokeGrants}}, nil
}

var (
	_ source.UserContainer  = (*Client)(nil)
	_ source.SignOutPlanner = (*Client)(nil)
)
