package app

import (
	"context"

	"sessionscope/backend/workspace"
)

// ConnectionForm adds or edits a connection. Secrets travel one way only: a non-empty value
// replaces what the keyring holds; an empty one keeps it.
type ConnectionForm struct {
	ID      int64             `json:"id"` // 0 = a new connection
	Kind    string            `json:"kind"`
	Name    string            `json:"name"`
	URL     string            `json:"url"`
	Options map[string]string `json:"options"`
	Secrets map[string]string `json:"secrets"`
}

// ConnectionDetail is a connection as the edit form shows it: options, and for each secret
// only whether the keyring holds it.
type ConnectionDetail struct {
	Connection    ConnectionView    `json:"connection"`
	Options       map[string]string `json:"options"`
	SecretsStored map[string]bool   `json:"secretsStored"`
}

// TestResult is what "Test" found.
type TestResult struct {
	OK          bool                        `json:"ok"`
	SignedInAs  string                      `json:"signedInAs"`
	Permissions []workspace.PermissionCheck `json:"permissions"`
	Limits      string                      `json:"limits"`
	Error       string                      `json:"error"`
	ErrorCode   string                      `json:"errorCode"`
}

// ConnectionsService adds, edits, tests and removes connections.
type ConnectionsService struct{ ws *workspace.Workspace }

// Kinds lists the connector kinds with their option schema (the form is rendered from it).
func (s *ConnectionsService) Kinds() []workspace.Descriptor { return s.ws.Kinds() }

// Get returns one connection for the edit form.
func (s *ConnectionsService) Get(id int64) (ConnectionDetail, error) {
	ctx := context.Background()
	c, err := s.ws.Connection(ctx, id)
	if err != nil {
		return ConnectionDetail{}, err
	}
	v, err := connectionView(ctx, s.ws, id)
	if err != nil {
		return ConnectionDetail{}, err
	}
	return ConnectionDetail{Connection: v, Options: c.Options, SecretsStored: s.ws.StoredSecrets(ctx, c)}, nil
}

// Add creates a connection; its secrets go to the OS keyring.
func (s *ConnectionsService) Add(f ConnectionForm) (ConnectionView, error) {
	ctx := context.Background()
	c, err := s.ws.AddConnection(ctx, workspace.NewConnection{Kind: f.Kind, Name: f.Name, URL: f.URL,
		Options: f.Options, Secrets: f.Secrets})
	if err != nil {
		return ConnectionView{}, err
	}
	return connectionView(ctx, s.ws, c.ID)
}

// Update edits a connection.
func (s *ConnectionsService) Update(f ConnectionForm) (ConnectionView, error) {
	ctx := context.Background()
	c, err := s.ws.UpdateConnection(ctx, f.ID, workspace.NewConnection{Name: f.Name, URL: f.URL,
		Options: f.Options, Secrets: f.Secrets})
	if err != nil {
		return ConnectionView{}, err
	}
	return connectionView(ctx, s.ws, c.ID)
}

// Test contacts the server with the stored settings. A failure is a result, not an error.
func (s *ConnectionsService) Test(id int64) (TestResult, error) {
	h, err := s.ws.TestConnection(context.Background(), id)
	r := TestResult{OK: err == nil, SignedInAs: h.SignedInAs, Permissions: h.Permissions, Limits: h.Limits}
	if r.Permissions == nil {
		r.Permissions = []workspace.PermissionCheck{}
	}
	for _, p := range r.Permissions {
		r.OK = r.OK && p.OK
	}
	if err != nil {
		be := FormatError(err).(BridgeError)
		r.Error, r.ErrorCode = be.Message, be.Code
	}
	return r, nil
}

// SignIn opens the system browser on the server's sign-in page (authorization code + PKCE on a
// loopback redirect) and keeps the resulting refresh token in the OS keyring.
func (s *ConnectionsService) SignIn(id int64) error {
	return s.ws.SignIn(context.Background(), id, workspace.SystemBrowser())
}

// Remove deletes a connection, its snapshots and its keyring entries (the audit trail stays).
func (s *ConnectionsService) Remove(id int64) error {
	return s.ws.RemoveConnection(context.Background(), id)
}
