package bundle

import (
	"fmt"

	"sessionscope/backend/session"
)

// What failed when a file is refused (Error.Problem). Scripts and tests read these; people
// read the message.
const (
	ProblemForeign    = "foreign"    // not a SQLite file at all
	ProblemNotBundle  = "not_bundle" // a SQLite file, but no SessionScope bundle
	ProblemTruncated  = "truncated"  // cut short: the database or its seal is incomplete
	ProblemVersion    = "version"    // a bundle of a format version this build cannot read
	ProblemSeal       = "seal"       // bytes changed outside the tables' rows, or the seal is damaged
	ProblemSignature  = "signature"  // the manifest's signature does not hold
	ProblemContent    = "content"    // a table's rows no longer match the manifest's digest
	ProblemDamaged    = "damaged"    // SQLite cannot read the database
	ProblemUnreadable = "unreadable" // the file could not be read (permissions, I/O)
)

// Error is a refused bundle: a stable code (session.CodeBadBundle or session.CodeTampered),
// what failed, and a message that names it.
type Error struct {
	Code    string
	Problem string
	Msg     string
}

func (e *Error) Error() string { return e.Msg }

func badBundle(problem, format string, args ...any) *Error {
	return &Error{Code: session.CodeBadBundle, Problem: problem, Msg: fmt.Sprintf(format, args...)}
}

func tampered(problem, format string, args ...any) *Error {
	return &Error{Code: session.CodeTampered, Problem: problem, Msg: fmt.Sprintf(format, args...)}
}
