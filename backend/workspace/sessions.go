package workspace

import (
	"context"

	"sessionscope/backend/session"
)

// Query returns one window of the current sessions matching the query, and how many match.
func (w *Workspace) Query(ctx context.Context, q session.Query) ([]Row, int, error) {
	return w.st.Query(ctx, q)
}

// Each calls fn for every current session matching the query, in its order, reading the
// snapshots that were current when it started whatever a refresh does meanwhile (exports).
func (w *Workspace) Each(ctx context.Context, q session.Query, fn func(Row) error) error {
	return w.st.Each(ctx, q, fn)
}

// SessionDetail is everything the detail pane shows about one session.
type SessionDetail struct {
	Row          Row
	Connection   session.Connection
	Capabilities Capabilities
	UserSessions []Row // the same username's other current sessions, in every org
}

// userSessionsMax bounds a detail's list of the user's other sessions.
const userSessionsMax = 100

// Session returns one session of a connection's current snapshot with its connection, what
// can be done to it, and the user's other sessions.
func (w *Workspace) Session(ctx context.Context, connectionID int64, sessionID string) (SessionDetail, error) {
	r, err := w.st.CurrentSession(ctx, connectionID, sessionID)
	if err != nil {
		return SessionDetail{}, err
	}
	c, err := w.st.Connection(ctx, connectionID)
	if err != nil {
		return SessionDetail{}, err
	}
	d := SessionDetail{Row: r, Connection: c, Capabilities: w.Capabilities(ctx, c)}
	if r.Username == "" {
		return d, nil
	}
	others, err := w.st.UserSessions(ctx, r.Username, userSessionsMax)
	if err != nil {
		return d, err
	}
	for _, o := range others {
		if o.ConnectionID == connectionID && o.ID == sessionID {
			continue
		}
		d.UserSessions = append(d.UserSessions, o)
	}
	return d, nil
}

// SessionTypes lists the distinct session types in the current snapshots.
func (w *Workspace) SessionTypes(ctx context.Context) ([]string, error) {
	return w.st.SessionTypes(ctx)
}

// Facets lists the values the filter pickers offer, from the current snapshots.
func (w *Workspace) Facets(ctx context.Context) (Facets, error) { return w.st.Facets(ctx) }

// Users returns one window of users across the current snapshots, and how many match.
func (w *Workspace) Users(ctx context.Context, q UsersQuery) ([]UserRow, int, error) {
	return w.st.Users(ctx, q)
}
