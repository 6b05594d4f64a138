package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// Exit statuses of bundle commands (besides 0, 1 error, 2 usage; 3-5 are bulk sign-out's).
const (
	ExitTampered  = 6 // the bundle was changed after it was signed, or its signature does not hold
	ExitBadBundle = 7 // not a bundle this version can open: foreign, cut short, another format version
	ExitUntrusted = 8 // verify --trusted: the bundle holds, but its signer is not trusted here
)

// bundleExit gives a refused bundle its exit status.
func bundleExit(err error) error {
	switch workspace.CodeOf(err) {
	case session.CodeTampered:
		return &exitError{ExitTampered, "refused: " + err.Error()}
	case session.CodeBadBundle:
		return &exitError{ExitBadBundle, "refused: " + err.Error()}
	}
	return err
}

// trustSource opens the data folder read-only, if there is one, for its own key and trusted
// signers; nil when there is none (an auditor's machine with an empty home).
func trustSource(ctx context.Context, home string) *workspace.Workspace {
	if home == "" {
		h, err := workspace.DefaultHome()
		if err != nil {
			return nil
		}
		home = h
	}
	ws, err := workspace.Open(ctx, workspace.Options{Home: home, ReadOnly: true})
	if err != nil {
		return nil
	}
	return ws
}

// openBundle opens env.Bundle as a read-only workspace, trusting what the data folder trusts.
func openBundle(ctx context.Context, home string, env Env) (*workspace.Workspace, workspace.BundleInfo, error) {
	opts := workspace.BundleOptions{}
	if t := trustSource(ctx, home); t != nil {
		defer t.Close()
		opts.TrustFrom = t
	}
	ws, info, err := workspace.OpenBundle(ctx, env.Bundle, opts)
	if err != nil {
		return nil, info, bundleExit(err)
	}
	return ws, info, nil
}

// OpenBundleForWindow checks a bundle and opens it read-only for the window, with the data
// folder's own key and trusted signers naming its signer; what it holds and who signed it go
// to w. A refused bundle's error names what failed.
func OpenBundleForWindow(ctx context.Context, home, file string, w io.Writer) (*workspace.Workspace, error) {
	ws, info, err := openBundle(ctx, home, Env{Bundle: file})
	if err != nil {
		return nil, err
	}
	printBundle(w, info)
	return ws, nil
}

func runExport(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("export", env, &home)
	var conns listFlag
	fs.Var(&conns, "connection", "a connection to export (repeatable; default: every connection)")
	review := fs.Int64("review", 0, "export this review: its snapshots, flags, marks and the audit trail")
	out := fs.String("o", "", "the bundle file to write")
	note := fs.String("note", "", "a note for the manifest")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return fmt.Errorf("export: give -o FILE (and no other arguments): %w", ErrUsage)
	}
	if *review > 0 && len(conns) > 0 {
		return fmt.Errorf("export: choose --review or --connection: %w", ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	ids, err := ws.ConnectionIDs(ctx, conns)
	if err != nil {
		return err
	}
	info, err := ws.ExportBundle(ctx, workspace.BundleExport{File: *out, Connections: ids, ReviewID: *review, Note: *note})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s\n", *out)
	printBundle(env.Stdout, info)
	return nil
}

func runOpen(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("open", env, &home)
	asJSON := fs.Bool("json", false, "print the manifest and the signer's trust as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("open: name one bundle file: %w", ErrUsage)
	}
	env.Bundle = fs.Arg(0)
	ws, info, err := openBundle(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	if *asJSON {
		return printBundleJSON(env.Stdout, info)
	}
	printBundle(env.Stdout, info)
	fmt.Fprintf(env.Stdout, "\nRead it with any read command and --bundle, e.g.\n  sessionscope --bundle %s sessions\n", fs.Arg(0))
	return nil
}

func runVerify(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("verify", env, &home)
	trusted := fs.Bool("trusted", false, "also fail (exit 8) unless the signer is this workspace's own key or a trusted one")
	asJSON := fs.Bool("json", false, "print the manifest and the signer's trust as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("verify: name one bundle file: %w", ErrUsage)
	}
	opts := workspace.BundleOptions{}
	if t := trustSource(ctx, home); t != nil {
		defer t.Close()
		opts.TrustFrom = t
	}
	info, err := workspace.VerifyBundle(ctx, fs.Arg(0), opts)
	if err != nil {
		return bundleExit(err)
	}
	if *asJSON {
		if err := printBundleJSON(env.Stdout, info); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(env.Stdout, "%s: intact — the seal, the manifest's signature and every table's digest hold\n", filepath.Base(fs.Arg(0)))
		printBundle(env.Stdout, info)
	}
	if *trusted && info.Trust == workspace.TrustUnknown {
		return &exitError{ExitUntrusted, "the bundle is intact, but its signer " + info.Fingerprint() +
			" is not trusted here (sessionscope trust --name WHO FINGERPRINT)"}
	}
	return nil
}

func runTrust(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("trust", env, &home)
	name := fs.String("name", "", "whose key it is")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	if fs.NArg() == 0 {
		own, err := ws.SigningFingerprint(ctx)
		if err != nil {
			return err
		}
		list, err := ws.TrustedSigners(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "FINGERPRINT\tWHO")
		if own != "" {
			fmt.Fprintf(tw, "%s\t(this workspace's own key)\n", own)
		}
		for _, s := range list {
			fmt.Fprintf(tw, "%s\t%s\n", s.Fingerprint, s.Name)
		}
		return tw.Flush()
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("trust: give one fingerprint (quote it if it has spaces): %w", ErrUsage)
	}
	if err := ws.TrustSigner(ctx, fs.Arg(0), *name); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "trusted", fs.Arg(0))
	return nil
}

func runAnnotate(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("annotate", env, &home)
	var notes listFlag
	fs.Var(&notes, "note", "a reviewer note (repeatable)")
	about := fs.String("about", "", "what the notes are about (a review item, a user, a session)")
	out := fs.String("o", "", "the annotated bundle to write (a new file; the received one stays as it is)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *out == "" || len(notes) == 0 {
		return fmt.Errorf("annotate: give --note TEXT, -o NEW and the bundle received: %w", ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	req := workspace.BundleAnnotation{From: fs.Arg(0), File: *out}
	for _, n := range notes {
		req.Notes = append(req.Notes, workspace.BundleNote{About: *about, Text: n})
	}
	info, err := ws.AnnotateBundle(ctx, req)
	if err != nil {
		return bundleExit(err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s\n", *out)
	printBundle(env.Stdout, info)
	return nil
}

func printBundle(w io.Writer, info workspace.BundleInfo) {
	m := info.Manifest
	trust := info.Trust
	if info.TrustedAs != "" {
		trust += " (" + info.TrustedAs + ")"
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "signer\t%s\t%s\n", m.Signer.Fingerprint, trust)
	fmt.Fprintf(tw, "made\t%s\tby %s, workspace %q, SessionScope %s\n", m.CreatedAt.UTC().Format(time.RFC3339), m.CreatedBy, m.Workspace, m.App)
	kind := m.Kind
	if m.Review != nil {
		kind = fmt.Sprintf("review %d %q", m.Review.ID, m.Review.Title)
		if !m.Review.Closed.IsZero() {
			kind += fmt.Sprintf(", signed off by %s on %s", m.Review.ClosedBy, m.Review.Closed.UTC().Format(time.DateOnly))
		}
	}
	fmt.Fprintf(tw, "holds\t%s\t%d sessions, %d audit entries\n", kind, m.Sessions(), m.Tables["audit"].Rows)
	for _, c := range m.Connections {
		fmt.Fprintf(tw, "org\t%s (%s)\t", c.Name, c.Kind)
		for i, s := range c.Snapshots {
			if i > 0 {
				fmt.Fprint(tw, "; ")
			}
			fmt.Fprintf(tw, "%s: %d sessions", s.At.UTC().Format(time.RFC3339), s.Sessions)
		}
		fmt.Fprintln(tw)
	}
	for _, g := range m.Geo {
		fmt.Fprintf(tw, "geo\t%s\t%s %s\n", g.Kind, g.DatabaseType, g.Attribution)
	}
	if m.Note != "" {
		fmt.Fprintf(tw, "note\t%s\t\n", m.Note)
	}
	for _, n := range info.Notes {
		about := n.About
		if about == "" {
			about = "(the bundle)"
		}
		fmt.Fprintf(tw, "reviewer note\t%s\t%s, %s: %s\n", about, n.Author, n.At.UTC().Format(time.RFC3339), n.Text)
	}
	tw.Flush()
	if o := info.Original; o != nil {
		fmt.Fprintln(w, "\nkept inside it, intact, the bundle received:")
		printBundle(w, *o)
	}
}

func printBundleJSON(w io.Writer, info workspace.BundleInfo) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		File      string                   `json:"file"`
		Trust     string                   `json:"trust"`
		TrustedAs string                   `json:"trustedAs,omitempty"`
		Manifest  workspace.BundleManifest `json:"manifest"`
	}{info.File, info.Trust, info.TrustedAs, info.Manifest})
}
