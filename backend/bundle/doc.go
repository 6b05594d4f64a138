// Package bundle writes and checks SessionScope's exported snapshot bundles: one file holding
// chosen snapshots, or a whole review (its snapshots, flags, marks, notes and the audit trail),
// that another copy of the app opens read-only, offline, with no credentials.
//
// Who may import it: backend/workspace only (tests aside). The window and the command line
// export and open bundles through the workspace's use cases.
//
// The format. A bundle is a SQLite database with the workspace's own schema, followed by a
// fixed-size seal:
//
//	[SQLite database: the chosen rows + table bundle_manifest] [seal: 120 bytes]
//
// SQLite, because it has a well-kept reader on every platform (anyone can inspect a bundle with
// the sqlite3 shell, which ignores the bytes after the database), and because it is the same
// schema the read-only workspace already serves: opening a bundle is opening a workspace, with
// no second reader to keep in step. The manifest (a JSON document in bundle_manifest) names the
// format version, when and where the bundle was made, what it holds, the row count and a
// SHA-256 digest of every table over a canonical row order (digest.go), the GeoIP data behind
// the locations, and the signer's Ed25519 public key and fingerprint; the signature over the
// manifest's exact bytes sits beside it. The digests name what changed when a row changed;
// they cannot see a byte changed in a page's unused space, so the seal closes that gap: the
// SHA-256 of every byte of the database part, signed with the same key (seal.go). A bundle is
// accepted only when the seal, the manifest's signature and every table's digest hold.
//
// Opening. Check copies the database part to a fresh file of the caller's (hashing it on
// the way), checks that copy and only then lets the caller open it. A copy rather than the
// original opened in place: what is checked is exactly what is then read (the original may sit
// on a share someone else can write to), the original is never written (the store opens its
// files in WAL mode with a lock file and may migrate an older schema), and a file that fails
// is removed with nothing of it imported.
//
// No secrets: a bundle holds only rows of the store, which never holds one (credentials live
// in the OS keyring), and of those only the chosen connections' rows; settings (preferences,
// file paths of this machine) are never copied.
package bundle
