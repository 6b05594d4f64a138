package workspace

import (
	"sessionscope/backend/jobs"
	"sessionscope/backend/secrets"
	"sessionscope/backend/signin"
	"sessionscope/backend/source"
	"sessionscope/backend/store"
)

// The types of the packages behind the workspace that its use cases take and return. They are
// the product's own, so they are re-exported as aliases: the window and the command line name
// them from here and import nothing else of the backend but backend/session.
type (
	// Secrets is where credentials are kept (the OS keyring in production).
	Secrets = secrets.Store

	// Descriptor describes a connector kind and its option schema; Option is one option.
	Descriptor = source.Descriptor
	Option     = source.Option
	// Capabilities says what a connection's connector can do.
	Capabilities = source.Capabilities
	// Health is what testing a connection found; PermissionCheck one permission of it.
	Health          = source.Health
	PermissionCheck = source.PermissionCheck
	// RevokeResult and UserRevokeResult are what a sign-out did on the server.
	RevokeResult     = source.RevokeResult
	UserRevokeResult = source.UserRevokeResult
	// LoginEvent is one login a server reports for a user.
	LoginEvent = source.LoginEvent

	// Row is a session of a current snapshot with where it came from.
	Row = store.Row
	// UsersQuery selects a window of users; UserRow is one user.
	UsersQuery = store.UsersQuery
	UserRow    = store.UserRow
	// MapResult is what the map draws; MapPoint one place of it; PlaceUser a user at a place.
	MapResult = store.MapResult
	MapPoint  = store.MapPoint
	PlaceUser = store.PlaceUser
	// Travel is a user's logins in time order, with TravelStops and the TravelLegs between them.
	Travel     = store.Travel
	TravelStop = store.TravelStop
	TravelLeg  = store.TravelLeg
	// Diff is what changed between two snapshots of one connection; UserDevice a device in it.
	Diff       = store.Diff
	UserDevice = store.UserDevice
	// Facets are the values the filter pickers offer; CountryName one country of them.
	Facets      = store.Facets
	CountryName = store.CountryName

	// Progress is the state of one connection's refresh.
	Progress = jobs.Progress

	// Browser shows the user the sign-in page.
	Browser = signin.Browser
)

// Refresh states of a Progress.
const (
	StateRunning  = jobs.StateRunning
	StateDone     = jobs.StateDone
	StateFailed   = jobs.StateFailed
	StateCanceled = jobs.StateCanceled
)

// Outcomes of a sign-out on the server.
const (
	Ended       = source.Ended
	AlreadyGone = source.AlreadyGone
	Failed      = source.Failed
)

// KeepSnapshots is how many complete snapshots per connection keep their sessions (and can be
// compared).
const KeepSnapshots = store.KeepSnapshots

// SystemBrowser opens the OS default browser for a sign-in.
func SystemBrowser() Browser { return signin.SystemBrowser{} }
