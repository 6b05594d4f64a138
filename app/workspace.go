package app

import (
	"context"

	"sessionscope/backend/workspace"
)

// WorkspaceService is what the window opens on: the connections and the demo.
type WorkspaceService struct {
	ws        *workspace.Workspace
	startView string // from --view
}

// Connections lists every configured connection with its status and last refresh.
func (s *WorkspaceService) Connections() ([]ConnectionView, error) {
	return connectionViews(context.Background(), s.ws)
}

// Kinds lists the connector kinds this build knows, with their option schema.
func (s *WorkspaceService) Kinds() []workspace.Descriptor { return s.ws.Kinds() }

// StartView is the view the window opens on: sessions, users or map (from --view).
func (s *WorkspaceService) StartView() string {
	if s.startView == "" {
		return "sessions"
	}
	return s.startView
}

// OpenDemo starts the built-in simulators and adds the demo connections (idempotent).
func (s *WorkspaceService) OpenDemo() error { return s.ws.OpenDemo(context.Background()) }

// connectionViews maps the workspace's connections to the sidebar's rows.
func connectionViews(ctx context.Context, ws *workspace.Workspace) ([]ConnectionView, error) {
	conns, err := ws.Connections(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ConnectionView, 0, len(conns))
	for _, c := range conns {
		d := ws.Descriptor(c)
		v := ConnectionView{ID: c.ID, Name: c.Name, Kind: c.Kind, KindName: d.DisplayName, URL: c.URL, Demo: c.Demo,
			Status: c.Status, Message: c.Message, Capabilities: ws.Capabilities(ctx, c)}
		if c.Current != nil {
			v.LastRefresh, v.SessionCount = rfc3339(c.Current.FinishedAt), c.Current.SessionCount
		}
		out = append(out, v)
	}
	return out, nil
}

// connectionView is one connection's sidebar row (zero when it is gone).
func connectionView(ctx context.Context, ws *workspace.Workspace, id int64) (ConnectionView, error) {
	views, err := connectionViews(ctx, ws)
	if err != nil {
		return ConnectionView{}, err
	}
	for _, v := range views {
		if v.ID == id {
			return v, nil
		}
	}
	return ConnectionView{}, nil
}
