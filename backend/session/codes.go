package session

//go:generate go test -run TestCodesFileIsCurrent -update .

// Error codes: the one list of the stable codes an error carries to the window (as the code of
// a rejected call, or a field such as a refresh's errorCode) and to scripts. The frontend's
// copy, frontend/src/api/codes.ts, is generated from this block — run `go generate
// ./backend/session` after a change; a test fails while the two differ. Each constant's
// comment is its meaning on both sides; the message beside a code is for people, the code for
// the program.
const (
	// CodeInternal is anything not listed here: the message says what went wrong.
	CodeInternal = "internal"
	// CodeNoBackend is never sent by Go: the window could not reach the backend at all.
	CodeNoBackend = "no_backend"
	// CodeCanceled means the work was stopped before it finished (a cancelled job, a closed window).
	CodeCanceled = "canceled"
	// CodeNotFound means no such connection, session or snapshot here, or the server did not find what was asked for.
	CodeNotFound = "not_found"
	// CodeBadFilter means the filter, sort, window or snapshot choice cannot be used; the message says what to change.
	CodeBadFilter = "bad_filter"
	// CodeReadOnly means the workspace was opened read-only (an exported bundle): nothing can be changed and no server is contacted.
	CodeReadOnly = "read_only"
	// CodeOwnSession means the session is the one SessionScope itself is signed in with; ending it would sign the app out.
	CodeOwnSession = "own_session"
	// CodeNotSupported means the connector or its server cannot do this (end one session, sign in in the browser, …).
	CodeNotSupported = "not_supported"
	// CodeReasonRequired means the action needs a reason for the audit trail (ending every session of a user).
	CodeReasonRequired = "reason_required"
	// CodeAuth means the server rejected or revoked the credentials: the connection needs a new sign-in.
	CodeAuth = "auth"
	// CodeRateLimit means the server's API allowance is used up until it resets.
	CodeRateLimit = "rate_limit"
	// CodePermission means signed in, but the account is not allowed to do this.
	CodePermission = "permission"
	// CodeUnavailable means the server could not be reached or kept failing (5xx, timeouts) after retries.
	CodeUnavailable = "unavailable"
	// CodeBadResponse means the server answered something SessionScope cannot read.
	CodeBadResponse = "bad_response"
	// CodeBadRequest means the server rejected the request (often a wrong URL or option).
	CodeBadRequest = "bad_request"
	// CodeBadBundle means the file is not a bundle this version can open: not SQLite, not a SessionScope bundle, cut short, or of another format version.
	CodeBadBundle = "bad_bundle"
	// CodeTampered means the bundle was changed after it was signed, or its signature does not hold: nothing of it was opened.
	CodeTampered = "tampered"
	// CodeBadImport means an imported file (a CSV export) cannot be read at all; rows it could not use are listed in the import's report instead.
	CodeBadImport = "bad_import"
)
