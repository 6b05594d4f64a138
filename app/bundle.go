package app

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// BundleService is the window's side of offline review (issue 13): export a signed bundle,
// show what the opened bundle is and who signed it, trust its signer, open another bundle in
// a new window, and write the CSV of a view and the review report to files. Every export
// takes a path; the native dialogs only pick one (a browser has none).
type BundleService struct {
	ws      *workspace.Workspace
	dialogs Dialogs // native dialogs; nil until the window starts
	// The data folder that trusts signers. On a bundle the workspace is the bundle's checked
	// copy, read-only, so trusting its signer is written to this folder instead.
	home           string
	keyringService string
	launch         func(args []string) error // starts another window (launch.go)
}

func newBundleService(ws *workspace.Workspace) *BundleService {
	s := &BundleService{ws: ws, launch: startWindow}
	if _, onBundle := ws.Bundle(); !onBundle {
		s.home = ws.Home()
	}
	return s
}

// BundleExportRequest is what to export and where. ReviewID > 0 exports that review;
// otherwise the connections' kept snapshots (empty = every connection).
type BundleExportRequest struct {
	File          string  `json:"file"`
	ConnectionIDs []int64 `json:"connectionIds"`
	ReviewID      int64   `json:"reviewId"`
	Note          string  `json:"note"`
}

// BundleView is a checked bundle as the window shows it.
type BundleView struct {
	File        string             `json:"file"`
	Size        int64              `json:"size"`
	Fingerprint string             `json:"fingerprint"`
	Trust       string             `json:"trust"` // own | trusted | unknown
	TrustedAs   string             `json:"trustedAs"`
	CreatedAt   string             `json:"createdAt"`
	CreatedBy   string             `json:"createdBy"`
	Workspace   string             `json:"workspace"`
	App         string             `json:"app"`
	Kind        string             `json:"kind"` // snapshots | review
	Note        string             `json:"note"`
	Review      BundleReviewView   `json:"review"`      // ID 0 unless a review bundle
	Sessions    int64              `json:"sessions"`    // in each org's newest snapshot: what the table shows
	AllSessions int64              `json:"allSessions"` // in every snapshot it holds (older ones compare)
	AuditRows   int64              `json:"auditRows"`
	Connections []BundleOrgView    `json:"connections"`
	Geo         []string           `json:"geo"`   // each enrichment source with its credit
	Notes       []BundleNoteView   `json:"notes"` // reviewer notes of an annotated bundle
	Integrity   string             `json:"integrity"`
	Original    *BundleOriginalRef `json:"original"` // the bundle an annotated one keeps inside it
}

// BundleReviewView names the review a review bundle holds.
type BundleReviewView struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	ClosedAt string `json:"closedAt"`
	ClosedBy string `json:"closedBy"`
}

// BundleOrgView is one org of a bundle with its snapshots' session counts.
type BundleOrgView struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Snapshots int    `json:"snapshots"`
	Sessions  int64  `json:"sessions"` // of its newest snapshot
}

// BundleNoteView is one reviewer note.
type BundleNoteView struct {
	About  string `json:"about"`
	Text   string `json:"text"`
	Author string `json:"author"`
	At     string `json:"at"`
}

// BundleOriginalRef is the received bundle kept inside an annotated one.
type BundleOriginalRef struct {
	Fingerprint string `json:"fingerprint"`
	Trust       string `json:"trust"`
	CreatedBy   string `json:"createdBy"`
	CreatedAt   string `json:"createdAt"`
}

// OpenedBundleView says whether the workspace is a bundle, and which.
type OpenedBundleView struct {
	Open   bool       `json:"open"`
	Bundle BundleView `json:"bundle"`
}

// SessionsCSVRequest writes the sessions of a view (its filter and order) to File.
type SessionsCSVRequest struct {
	File      string        `json:"file"`
	Filter    SessionFilter `json:"filter"`
	Sort      string        `json:"sort"`
	Desc      bool          `json:"desc"`
	Excel     bool          `json:"excel"`     // byte order mark and CRLF line ends
	Separator string        `json:"separator"` // "," (default) or ";"
}

// FileWritten says where an export went and how many rows it holds.
type FileWritten struct {
	Path string `json:"path"`
	Rows int    `json:"rows"`
}

// integrityHeld is what a bundle that opened has passed.
const integrityHeld = "intact: the seal, the manifest's signature and every table's digest hold"

// Opened describes the bundle the workspace was opened on, if it was.
func (s *BundleService) Opened() OpenedBundleView {
	b, ok := s.ws.Bundle()
	if !ok {
		return OpenedBundleView{Bundle: toBundleView(workspace.BundleInfo{})}
	}
	return OpenedBundleView{Open: true, Bundle: toBundleView(b)}
}

// SigningFingerprint is this workspace's signing key fingerprint ("" before the first export).
func (s *BundleService) SigningFingerprint() (string, error) {
	return s.ws.SigningFingerprint(context.Background())
}

// Export writes a signed bundle to req.File.
func (s *BundleService) Export(req BundleExportRequest) (BundleView, error) {
	if strings.TrimSpace(req.File) == "" {
		return BundleView{}, &workspace.CodedError{Code: session.CodeBadRequest, Msg: "choose where to save the bundle"}
	}
	info, err := s.ws.ExportBundle(context.Background(), workspace.BundleExport{File: req.File,
		Connections: req.ConnectionIDs, ReviewID: req.ReviewID, Note: req.Note})
	if err != nil {
		return BundleView{}, err
	}
	v := toBundleView(info)
	if st, err := os.Stat(req.File); err == nil {
		v.Size = st.Size()
	}
	return v, nil
}

// Verify checks a bundle file and describes it, keeping nothing of it. A refused file's error
// (code tampered or bad_bundle) names what failed.
func (s *BundleService) Verify(file string) (BundleView, error) {
	if strings.TrimSpace(file) == "" {
		return BundleView{}, &workspace.CodedError{Code: session.CodeBadRequest, Msg: "choose a bundle file"}
	}
	trust, done := s.trustSource()
	defer done()
	info, err := workspace.VerifyBundle(context.Background(), file, workspace.BundleOptions{TrustFrom: trust})
	if err != nil {
		return BundleView{}, err
	}
	return toBundleView(info), nil
}

// OpenWindow checks a bundle and, when it holds, opens it read-only in a new window (another
// app process), so this workspace stays as it is. A refused file opens nothing.
func (s *BundleService) OpenWindow(file string) (BundleView, error) {
	v, err := s.Verify(file)
	if err != nil {
		return BundleView{}, err
	}
	args := []string{"--bundle", file}
	if s.home != "" {
		args = append([]string{"--home", s.home}, args...)
	}
	if err := s.launch(args); err != nil {
		return BundleView{}, err
	}
	return v, nil
}

// TrustOpened adds the opened bundle's signer to the data folder's trusted signers under name
// and returns the bundle as it now stands.
func (s *BundleService) TrustOpened(name string) (OpenedBundleView, error) {
	b, ok := s.ws.Bundle()
	if !ok {
		return OpenedBundleView{}, &workspace.CodedError{Code: session.CodeBadRequest, Msg: "the window is not showing a bundle"}
	}
	if strings.TrimSpace(name) == "" {
		return OpenedBundleView{}, &workspace.CodedError{Code: session.CodeBadRequest, Msg: "say whose key it is (a name for the trusted list)"}
	}
	if s.home == "" {
		return OpenedBundleView{}, errors.New("no data folder to keep trusted signers in: use sessionscope trust on the command line")
	}
	ctx := context.Background()
	home, err := workspace.Open(ctx, workspace.Options{Home: s.home, KeyringService: s.keyringService})
	if err != nil {
		return OpenedBundleView{}, err
	}
	defer home.Close()
	if err := home.TrustSigner(ctx, b.Fingerprint(), name); err != nil {
		return OpenedBundleView{}, err
	}
	v := toBundleView(b)
	v.Trust, v.TrustedAs = workspace.TrustTrusted, strings.TrimSpace(name)
	return OpenedBundleView{Open: true, Bundle: v}, nil
}

// ExportSessionsCSV writes every session of the view to req.File as CSV.
func (s *BundleService) ExportSessionsCSV(req SessionsCSVRequest) (FileWritten, error) {
	if strings.TrimSpace(req.File) == "" {
		return FileWritten{}, &workspace.CodedError{Code: session.CodeBadRequest, Msg: "choose where to save the CSV"}
	}
	f, err := req.Filter.toFilter()
	if err != nil {
		return FileWritten{}, err
	}
	opts := workspace.CSVOptions{Excel: req.Excel}
	switch req.Separator {
	case "", ",":
	case ";":
		opts.Separator = ';'
	default:
		return FileWritten{}, &workspace.CodedError{Code: session.CodeBadRequest, Msg: "the separator is , or ;"}
	}
	q := session.Query{Filter: f, Sort: req.Sort, Desc: req.Desc}
	n, err := writeFileAtomically(req.File, func(w io.Writer) (int, error) {
		return s.ws.ExportSessionsCSV(context.Background(), q, w, opts)
	})
	if err != nil {
		return FileWritten{}, err
	}
	return FileWritten{Path: req.File, Rows: n}, nil
}

// ReportHTML is the review report as one HTML document, for the window to print (its print
// dialog saves a PDF): the same report Report writes to a file.
func (s *BundleService) ReportHTML(reviewID int64) (string, error) {
	var b strings.Builder
	if err := s.ws.ReviewReport(context.Background(), reviewID, &b); err != nil {
		return "", err
	}
	return b.String(), nil
}

// Report writes the HTML report of a review to file.
func (s *BundleService) Report(reviewID int64, file string) (FileWritten, error) {
	if strings.TrimSpace(file) == "" {
		return FileWritten{}, &workspace.CodedError{Code: session.CodeBadRequest, Msg: "choose where to save the report"}
	}
	_, err := writeFileAtomically(file, func(w io.Writer) (int, error) {
		return 0, s.ws.ReviewReport(context.Background(), reviewID, w)
	})
	if err != nil {
		return FileWritten{}, err
	}
	return FileWritten{Path: file}, nil
}

// Save targets the native save dialog knows.
var saveTargets = map[string]struct{ title, name, pattern string }{
	"bundle": {"Export a bundle", "sessionscope.ssbundle", "*.ssbundle"},
	"csv":    {"Export the sessions of this view", "sessionscope-sessions.csv", "*.csv"},
	"report": {"Save the review report", "sessionscope-review.html", "*.html"},
}

// PickSavePath asks where to save a bundle, a CSV or a report ("" when cancelled).
func (s *BundleService) PickSavePath(what string) (string, error) {
	t, ok := saveTargets[what]
	if !ok {
		return "", &workspace.CodedError{Code: session.CodeBadRequest, Msg: "nothing to save called " + what}
	}
	if s.dialogs == nil {
		return "", errors.New("no window to show a save dialog in: type the path instead")
	}
	return s.dialogs.SaveFile(t.title, t.name, t.pattern)
}

// PickBundle asks for a bundle file to open ("" when cancelled).
func (s *BundleService) PickBundle() (string, error) {
	if s.dialogs == nil {
		return "", errors.New("no window to show a file dialog in: type the path instead")
	}
	return s.dialogs.OpenFile("Open a bundle", "*.ssbundle")
}

// trustSource is the workspace whose own key and trusted list name a bundle's signer: this
// one, or on a bundle the data folder opened read-only (nil when there is none: an auditor's
// empty home, where every signer is unknown). close releases it.
func (s *BundleService) trustSource() (trust *workspace.Workspace, close func()) {
	if _, ok := s.ws.Bundle(); !ok {
		return s.ws, func() {}
	}
	home, err := workspace.Open(context.Background(), workspace.Options{Home: s.home, ReadOnly: true})
	if err != nil {
		return nil, func() {}
	}
	return home, func() { home.Close() }
}
