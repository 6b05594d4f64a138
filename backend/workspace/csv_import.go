package workspace

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"sessionscope/backend/jobs"
	"sessionscope/backend/session"
	"sessionscope/backend/sfimport"
	"sessionscope/backend/source"
	"sessionscope/backend/source/salesforce"
)

// CSV imports: a Salesforce CSV export becomes one snapshot of a new offline connection,
// written through the same path as a refresh (enrichment, place summary, digests, flags), so
// every view and comparison works on it. An offline connection has no server: it is never
// refreshed by "refresh all", and asking it for a client answers not_supported.

// ImportKindSalesforceCSV is the one import kind so far.
const ImportKindSalesforceCSV = "salesforce-csv"

// OptImportedFrom marks an offline connection: the kind of file its snapshot came from.
const OptImportedFrom = "imported_from"

// ImportReport says what an import read, kept and skipped (each skipped row with its line
// and why).
type ImportReport = sfimport.Report

// CSVImport is a file to import.
type CSVImport struct {
	Kind string // ImportKindSalesforceCSV
	Name string // the new connection's name
	File string
	// AsOf is when the export was made: sessions whose expiry had passed by then are left
	// out, as a refresh leaves out the expired sessions Salesforce still lists. Zero = the
	// file's modification time (Data Loader writes the file as it exports).
	AsOf time.Time
}

// ImportResult is the connection and snapshot an import made, and its report.
type ImportResult struct {
	Connection session.Connection
	Snapshot   session.Snapshot
	Report     ImportReport
	Expired    int // sessions left out: expired before AsOf
}

// pageRows is how many imported rows go into one written page.
const pageRows = 1000

// errFirstRow stops the check that reads only the header and the first row.
var errFirstRow = errors.New("first row read")

// ImportCSV imports a CSV export into a snapshot of a new offline connection. A file that is
// no export, or of which no row can be used, answers bad_import and leaves nothing behind.
func (w *Workspace) ImportCSV(ctx context.Context, req CSVImport) (ImportResult, error) {
	if err := w.refuseWrite("importing"); err != nil {
		return ImportResult{}, err
	}
	if req.Kind != ImportKindSalesforceCSV {
		return ImportResult{}, &CodedError{session.CodeBadRequest, fmt.Sprintf("unknown import kind %q: use %s", req.Kind, ImportKindSalesforceCSV)}
	}
	if req.Name == "" {
		return ImportResult{}, &CodedError{session.CodeBadRequest, "name the connection the import makes"}
	}
	f, err := os.Open(req.File)
	if err != nil {
		return ImportResult{}, &CodedError{session.CodeBadImport, fmt.Sprintf("cannot read %s: %v", filepath.Base(req.File), err)}
	}
	defer f.Close()
	// Read the header before anything is created: a file that is no export changes nothing.
	if _, err := sfimport.Read(f, func(session.Session) error { return errFirstRow }); err != nil && !errors.Is(err, errFirstRow) {
		return ImportResult{}, importError(req.File, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return ImportResult{}, err
	}
	if req.AsOf.IsZero() {
		st, err := f.Stat()
		if err != nil {
			return ImportResult{}, err
		}
		req.AsOf = st.ModTime()
	}
	c, err := w.st.AddConnection(ctx, session.Connection{Name: req.Name, Kind: salesforce.Kind,
		Options: map[string]string{OptImportedFrom: req.Kind, "file": filepath.Base(req.File)}})
	if err != nil {
		return ImportResult{}, err
	}
	// The snapshot's metadata is copied when it completes, after the listing filled in its counts.
	meta := map[string]string{"import": req.Kind, "file": filepath.Base(req.File), "as_of": req.AsOf.UTC().Format(time.RFC3339)}
	cl := &csvClient{r: f, asOf: req.AsOf, meta: meta}
	e := w.enricher()
	snap, err := jobs.RefreshConnection(ctx, w.st, c, cl, e.Enrich, func(jobs.Progress) {}, geoMeta(e), meta)
	if err == nil && cl.report.Imported-cl.expired == 0 {
		err = &CodedError{session.CodeBadImport, fmt.Sprintf("no session of %s could be imported (%d rows skipped, %d sessions expired before %s)",
			filepath.Base(req.File), cl.report.Skipped, cl.expired, req.AsOf.UTC().Format(time.RFC3339))}
	}
	if err != nil {
		if rerr := w.st.RemoveConnection(context.WithoutCancel(ctx), c.ID); rerr != nil {
			err = fmt.Errorf("%w (and removing the half-made connection failed: %v)", err, rerr)
		}
		return ImportResult{Report: cl.report, Expired: cl.expired}, importError(req.File, err)
	}
	w.afterRefresh(ctx, c, cl) // flags, as after a refresh (flags.go)
	w.audit(ctx, session.AuditEntry{Action: "import.csv", Connection: c.Name, Target: filepath.Base(req.File), Result: "imported",
		Detail: fmt.Sprintf("%s export: %d sessions imported, %d expired left out, %d rows skipped", cl.report.Kind,
			cl.report.Imported-cl.expired, cl.expired, cl.report.Skipped)})
	c, err = w.st.Connection(ctx, c.ID)
	return ImportResult{Connection: c, Snapshot: snap, Report: cl.report, Expired: cl.expired}, err
}

func importError(file string, err error) error {
	var ie *sfimport.Error
	if errors.As(err, &ie) {
		return &CodedError{session.CodeBadImport, filepath.Base(file) + ": " + ie.Msg}
	}
	return err
}

// csvClient lists the rows of an export as pages of sessions.
type csvClient struct {
	r       io.Reader
	asOf    time.Time
	report  sfimport.Report
	expired int
	meta    map[string]string // gets the counts when the listing ends
}

func (c *csvClient) ListSessions(ctx context.Context, fn func(source.Page) error) error {
	page := make([]session.Session, 0, pageRows)
	dropped := 0
	rep, err := sfimport.Read(c.r, func(s session.Session) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !s.ExpiresAt.IsZero() && !s.ExpiresAt.After(c.asOf) {
			c.expired++
			dropped++
			return nil
		}
		page = append(page, s)
		if len(page) < pageRows {
			return nil
		}
		err := fn(source.Page{Sessions: page, Dropped: dropped})
		page, dropped = make([]session.Session, 0, pageRows), 0
		return err
	})
	c.report = rep
	c.meta["skipped"], c.meta["expired"] = strconv.Itoa(rep.Skipped), strconv.Itoa(c.expired)
	if err != nil {
		return err
	}
	if len(page) > 0 || dropped > 0 {
		return fn(source.Page{Sessions: page, Dropped: dropped})
	}
	return nil
}

func (c *csvClient) Close() error { return nil }

// imported reports whether a connection is offline, made by an import.
func imported(c session.Connection) bool { return c.Options[OptImportedFrom] != "" }
