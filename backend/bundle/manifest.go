package bundle

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Format names a SessionScope bundle; FormatVersion is the version this build writes and the
// only one it reads.
const (
	Format        = "sessionscope-bundle"
	FormatVersion = 1
)

// Kinds of bundle.
const (
	KindSnapshots = "snapshots" // chosen connections' snapshots
	KindReview    = "review"    // one review with its snapshots, flags, marks and the audit trail
)

// Manifest describes a bundle. It is stored as JSON beside its signature; the JSON bytes are
// what is signed, so a reader checks the signature before it trusts any field.
type Manifest struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"formatVersion"`
	SchemaVersion int       `json:"schemaVersion"` // the store's schema (PRAGMA user_version)
	CreatedAt     time.Time `json:"createdAt"`
	CreatedBy     string    `json:"createdBy"` // the exporting workspace's actor (user@host)
	Workspace     string    `json:"workspace"` // the exporting workspace's name
	App           string    `json:"app"`       // SessionScope version that wrote it
	Kind          string    `json:"kind"`
	Note          string    `json:"note,omitempty"`

	Review      *ReviewInfo            `json:"review,omitempty"`
	Connections []Connection           `json:"connections"`
	Geo         []GeoSource            `json:"geo"`
	AuditHead   *AuditHead             `json:"auditHead,omitempty"`
	Tables      map[string]TableDigest `json:"tables"`
	// An annotated bundle: the bundle kept inside it, and how many reviewer notes it adds.
	Original *Original `json:"original,omitempty"`
	Notes    int       `json:"notes,omitempty"`

	Signer Signer `json:"signer"`
}

// ReviewInfo names the review a review bundle holds.
type ReviewInfo struct {
	ID       int64     `json:"id"`
	Title    string    `json:"title"`
	Started  time.Time `json:"startedAt"`
	Closed   time.Time `json:"closedAt,omitzero"`
	ClosedBy string    `json:"closedBy,omitempty"`
}

// Connection is one connection in the bundle with its snapshots.
type Connection struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	Snapshots []Snapshot `json:"snapshots"`
}

// Snapshot is one snapshot in the bundle.
type Snapshot struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Sessions int64     `json:"sessions"`
}

// GeoSource is the enrichment data behind the bundle's locations, with its licence credit.
type GeoSource struct {
	Kind         string    `json:"kind"`
	DatabaseType string    `json:"databaseType"`
	BuildTime    time.Time `json:"buildTime,omitzero"`
	File         string    `json:"file,omitempty"`
	Attribution  string    `json:"attribution,omitempty"`
}

// AuditHead is the newest audit entry in the bundle: the chain inside must end there.
type AuditHead struct {
	ID   int64  `json:"id"`
	Hash string `json:"hash"`
}

// Signer is the public half of the key that signed the bundle.
type Signer struct {
	Algorithm   string `json:"algorithm"` // "Ed25519"
	PublicKey   string `json:"publicKey"` // base64 (standard, padded) of the 32 key bytes
	Fingerprint string `json:"fingerprint"`
}

// Sessions is the total of the bundle's snapshots' sessions.
func (m Manifest) Sessions() int64 {
	var n int64
	for _, c := range m.Connections {
		for _, s := range c.Snapshots {
			n += s.Sessions
		}
	}
	return n
}

// Fingerprint names a public key in a form people compare: the first 16 bytes of its SHA-256
// as hex, in groups of four ("3f2a 9c01 …").
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	h := hex.EncodeToString(sum[:16])
	var b strings.Builder
	for i := 0; i < len(h); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(h[i : i+4])
	}
	return b.String()
}

// NormalizeFingerprint lets people type a fingerprint with or without spaces or colons, in
// either case.
func NormalizeFingerprint(s string) string {
	s = strings.NewReplacer(" ", "", ":", "", "-", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

func signerOf(pub ed25519.PublicKey) Signer {
	return Signer{Algorithm: "Ed25519", PublicKey: base64.StdEncoding.EncodeToString(pub), Fingerprint: Fingerprint(pub)}
}

// publicKey decodes the signer's key and checks that the fingerprint belongs to it.
func (s Signer) publicKey() (ed25519.PublicKey, error) {
	if s.Algorithm != "Ed25519" {
		return nil, fmt.Errorf("signature algorithm %q is not Ed25519", s.Algorithm)
	}
	raw, err := base64.StdEncoding.DecodeString(s.PublicKey)
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("the signer's public key is not an Ed25519 key")
	}
	pub := ed25519.PublicKey(raw)
	if Fingerprint(pub) != s.Fingerprint {
		return nil, fmt.Errorf("the signer's fingerprint does not belong to its public key")
	}
	return pub, nil
}
