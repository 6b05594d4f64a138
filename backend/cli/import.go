package cli

import (
	"context"
	"fmt"
	"time"

	"sessionscope/backend/workspace"
)

func runImport(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("import", env, &home)
	kind := fs.String("kind", workspace.ImportKindSalesforceCSV, "what the file is: salesforce-csv (AuthSession, LoginHistory or EventLogFile Login export)")
	name := fs.String("name", "", "the name of the offline connection the import makes")
	asOf := fs.String("as-of", "", "when the export was made (RFC 3339); sessions expired by then are left out (default: the file's modification time)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *name == "" {
		return fmt.Errorf("import: give --name NAME and one file: %w", ErrUsage)
	}
	req := workspace.CSVImport{Kind: *kind, Name: *name, File: fs.Arg(0)}
	if *asOf != "" {
		t, err := time.Parse(time.RFC3339, *asOf)
		if err != nil {
			return fmt.Errorf("import: --as-of %q is not an RFC 3339 time: %w", *asOf, ErrUsage)
		}
		req.AsOf = t
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	res, err := ws.ImportCSV(ctx, req)
	printImportReport(env, res)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported %d sessions (%s export) into %q (snapshot %d)\n", res.Snapshot.SessionCount,
		res.Report.Kind, res.Connection.Name, res.Snapshot.ID)
	return nil
}

// printImportReport lists the skipped rows on stderr, each with its line and why.
func printImportReport(env Env, res workspace.ImportResult) {
	r := res.Report
	if r.Rows == 0 {
		return
	}
	fmt.Fprintf(env.Stderr, "%d rows read, %d skipped, %d sessions expired before the export left out\n", r.Rows, r.Skipped, res.Expired)
	for _, p := range r.Problems {
		fmt.Fprintf(env.Stderr, "  line %d: %s\n", p.Line, p.Reason)
	}
	if more := r.Skipped - len(r.Problems); more > 0 {
		fmt.Fprintf(env.Stderr, "  … and %d more\n", more)
	}
}
