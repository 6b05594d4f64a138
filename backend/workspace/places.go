package workspace

import (
	"context"

	"sessionscope/backend/session"
)

// Map limits.
const (
	mapPlacesDefault = 5000 // places drawn when the caller does not say
	placeUsersShown  = 5    // users listed for one place
)

// Map aggregates the filtered sessions by place: at most limit places, largest first
// (0 = 5000), with how many sessions could and could not be located.
func (w *Workspace) Map(ctx context.Context, f session.Filter, limit int) (MapResult, error) {
	if limit <= 0 {
		limit = mapPlacesDefault
	}
	return w.st.MapPoints(ctx, f, limit)
}

// PlaceUsers lists the users with the most filtered sessions at one map place.
func (w *Workspace) PlaceUsers(ctx context.Context, f session.Filter, place string) ([]PlaceUser, error) {
	return w.st.PlaceUsers(ctx, f, place, placeUsersShown)
}

// Travel returns a user's logins in time order with the distance and speed between places
// (only the given orgs; all when empty).
func (w *Workspace) Travel(ctx context.Context, username string, connectionIDs []int64) (Travel, error) {
	return w.st.UserTravel(ctx, username, connectionIDs)
}
