// Generated from backend/session/codes.go by `go generate ./backend/session`: do not edit.
// The Go test TestCodesFileIsCurrent fails while this file and the Go list differ.

/** CodeInternal is anything not listed here: the message says what went wrong. */
export const CODE_INTERNAL = 'internal'
/** CodeNoBackend is never sent by Go: the window could not reach the backend at all. */
export const CODE_NO_BACKEND = 'no_backend'
/** CodeCanceled means the work was stopped before it finished (a cancelled job, a closed window). */
export const CODE_CANCELED = 'canceled'
/** CodeNotFound means no such connection, session or snapshot here, or the server did not find what was asked for. */
export const CODE_NOT_FOUND = 'not_found'
/** CodeBadFilter means the filter, sort, window or snapshot choice cannot be used; the message says what to change. */
export const CODE_BAD_FILTER = 'bad_filter'
/** CodeReadOnly means the workspace was opened read-only (an exported bundle): nothing can be changed and no server is contacted. */
export const CODE_READ_ONLY = 'read_only'
/** CodeOwnSession means the session is the one SessionScope itself is signed in with; ending it would sign the app out. */
export const CODE_OWN_SESSION = 'own_session'
/** CodeNotSupported means the connector or its server cannot do this (end one session, sign in in the browser, …). */
export const CODE_NOT_SUPPORTED = 'not_supported'
/** CodeReasonRequired means the action needs a reason for the audit trail (ending every session of a user). */
export const CODE_REASON_REQUIRED = 'reason_required'
/** CodeAuth means the server rejected or revoked the credentials: the connection needs a new sign-in. */
export const CODE_AUTH = 'auth'
/** CodeRateLimit means the server's API allowance is used up until it resets. */
export const CODE_RATE_LIMIT = 'rate_limit'
/** CodePermission means signed in, but the account is not allowed to do this. */
export const CODE_PERMISSION = 'permission'
/** CodeUnavailable means the server could not be reached or kept failing (5xx, timeouts) after retries. */
export const CODE_UNAVAILABLE = 'unavailable'
/** CodeBadResponse means the server answered something SessionScope cannot read. */
export const CODE_BAD_RESPONSE = 'bad_response'
/** CodeBadRequest means the server rejected the request (often a wrong URL or option). */
export const CODE_BAD_REQUEST = 'bad_request'
/** CodeBadBundle means the file is not a bundle this version can open: not SQLite, not a SessionScope bundle, cut short, or of another format version. */
export const CODE_BAD_BUNDLE = 'bad_bundle'
/** CodeTampered means the bundle was changed after it was signed, or its signature does not hold: nothing of it was opened. */
export const CODE_TAMPERED = 'tampered'
/** CodeBadImport means an imported file (a CSV export) cannot be read at all; rows it could not use are listed in the import's report instead. */
export const CODE_BAD_IMPORT = 'bad_import'

/** Every code an error may carry. */
export const ERROR_CODES = [
  CODE_INTERNAL,
  CODE_NO_BACKEND,
  CODE_CANCELED,
  CODE_NOT_FOUND,
  CODE_BAD_FILTER,
  CODE_READ_ONLY,
  CODE_OWN_SESSION,
  CODE_NOT_SUPPORTED,
  CODE_REASON_REQUIRED,
  CODE_AUTH,
  CODE_RATE_LIMIT,
  CODE_PERMISSION,
  CODE_UNAVAILABLE,
  CODE_BAD_RESPONSE,
  CODE_BAD_REQUEST,
  CODE_BAD_BUNDLE,
  CODE_TAMPERED,
  CODE_BAD_IMPORT,
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]
