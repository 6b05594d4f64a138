package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sessionscope/backend/workspace"
)

// exportReview refreshes the demo, closes a review and exports it through the bridge.
func exportReview(t *testing.T) (*App, BundleView, string) {
	t.Helper()
	a, _ := flaggedDemo(t)
	r, err := a.Review.Start("Week 49", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Review.Close(r.ID, "Dana Auditor"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "week49.ssbundle")
	v, err := a.Bundle.Export(BundleExportRequest{File: file, ReviewID: r.ID, Note: "for audit"})
	if err != nil {
		t.Fatal(err)
	}
	return a, v, file
}

func TestBundleExportVerifyAndOpenInAnotherWindow(t *testing.T) {
	a, v, file := exportReview(t)
	own, err := a.Bundle.SigningFingerprint()
	if err != nil || own == "" || v.Fingerprint != own || v.Trust != workspace.TrustOwn {
		t.Fatalf("export = %+v (own key %q, %v)", v, own, err)
	}
	if v.Kind != "review" || v.Review.ClosedBy != "Dana Auditor" || v.Sessions == 0 || v.AllSessions < v.Sessions || v.Size == 0 || len(v.Connections) == 0 || v.Note != "for audit" {
		t.Fatalf("export view = %+v", v)
	}
	if a.Bundle.Opened().Open {
		t.Fatal("a data folder's window says it shows a bundle")
	}
	got, err := a.Bundle.Verify(file)
	if err != nil || got.Fingerprint != own || got.Integrity == "" || got.Trust != workspace.TrustOwn {
		t.Fatalf("verify = %+v, %v", got, err)
	}

	var started [][]string
	a.Bundle.launch = func(args []string) error { started = append(started, args); return nil }
	if _, err := a.Bundle.OpenWindow(file); err != nil {
		t.Fatal(err)
	}
	want := []string{"--home", a.ws.Home(), "--bundle", file}
	if len(started) != 1 || !slices.Equal(started[0], want) {
		t.Fatalf("started %v, want %v", started, want)
	}

	// One byte changed: refused with the code and a message naming what failed; nothing starts.
	raw, _ := os.ReadFile(file)
	raw[len(raw)/2] ^= 0xff
	bad := filepath.Join(t.TempDir(), "changed.ssbundle")
	if err := os.WriteFile(bad, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = a.Bundle.OpenWindow(bad)
	be, _ := FormatError(err).(BridgeError)
	if err == nil || be.Code != "tampered" || !strings.Contains(be.Message, "changed") {
		t.Fatalf("a changed bundle: %+v", be)
	}
	if len(started) != 1 {
		t.Fatal("a refused bundle started a window")
	}
	if _, err := a.Bundle.Export(BundleExportRequest{ReviewID: 1}); err == nil {
		t.Fatal("an export without a file was accepted")
	}
}

func TestWindowOnABundleIsReadOnlyAndTrustGoesToTheDataFolder(t *testing.T) {
	_, v, file := exportReview(t)
	ctx := context.Background()
	ws, _, err := workspace.OpenBundle(ctx, file, workspace.BundleOptions{Work: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	b := New(ws, &recorder{})
	opened := b.Bundle.Opened()
	if !opened.Open || opened.Bundle.Fingerprint != v.Fingerprint || opened.Bundle.Trust != workspace.TrustUnknown ||
		opened.Bundle.Sessions != v.Sessions {
		t.Fatalf("opened = %+v", opened)
	}
	_, err = b.Bundle.Export(BundleExportRequest{File: filepath.Join(t.TempDir(), "again.ssbundle")})
	if FormatError(err).(BridgeError).Code != "read_only" {
		t.Fatalf("export from a bundle: %v", err)
	}
	if _, err := b.Bundle.TrustOpened("Acme security"); err == nil {
		t.Fatal("trust without a data folder was accepted")
	}

	home := filepath.Join(t.TempDir(), "auditor")
	b.SetDataFolder(home, "")
	if _, err := b.Bundle.TrustOpened("  "); err == nil {
		t.Fatal("trust without a name was accepted")
	}
	// Trusting writes a setting of the data folder, never a secret.
	trusted, err := b.Bundle.TrustOpened("Acme security")
	if err != nil || trusted.Bundle.Trust != workspace.TrustTrusted || trusted.Bundle.TrustedAs != "Acme security" {
		t.Fatalf("trust = %+v, %v", trusted, err)
	}
	again, err := b.Bundle.Verify(file)
	if err != nil || again.Trust != workspace.TrustTrusted || again.TrustedAs != "Acme security" {
		t.Fatalf("verify after trusting = %+v, %v", again, err)
	}

	out := filepath.Join(t.TempDir(), "view.csv")
	n, err := b.Bundle.ExportSessionsCSV(SessionsCSVRequest{File: out, Excel: true, Separator: ";"})
	body, _ := os.ReadFile(out)
	if err != nil || n.Rows == 0 || !strings.HasPrefix(string(body), "\ufeffconnection;id;") {
		t.Fatalf("csv = %+v, %v, %.60q", n, err, body)
	}
	if _, err := b.Bundle.ExportSessionsCSV(SessionsCSVRequest{File: out, Separator: "|"}); err == nil {
		t.Fatal("a separator that is not , or ; was accepted")
	}
	report := filepath.Join(t.TempDir(), "week49.html")
	if _, err := b.Bundle.Report(v.Review.ID, report); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(report)
	if !strings.Contains(string(html), "Week 49") || !strings.Contains(string(html), v.Fingerprint) {
		t.Fatal("the report names neither the review nor the bundle's signer")
	}
	if _, err := b.Bundle.Report(99999, filepath.Join(t.TempDir(), "none.html")); err == nil {
		t.Fatal("a report of a review that does not exist was written")
	}
	// The window prints the same document (its print dialog saves the PDF).
	if doc, err := b.Bundle.ReportHTML(v.Review.ID); err != nil || !strings.HasPrefix(doc, "<!DOCTYPE html>") ||
		!strings.Contains(doc, "Week 49") || !strings.Contains(doc, v.Fingerprint) {
		t.Fatalf("the report to print (%d bytes) is not the review's report, %v", len(doc), err)
	}
	if _, err := b.Bundle.ReportHTML(99999); err == nil {
		t.Fatal("a report of a review that does not exist was made")
	}
}

// The rejection reaches the frontend as new Error(error): the error must travel as a string
// holding {code, message}, or Wails makes "[object Object]" of it.
func TestBridgeErrorTravelsAsAStringHoldingCodeAndMessage(t *testing.T) {
	raw, err := json.Marshal(map[string]any{"error": FormatError(&workspace.CodedError{Code: "tampered", Msg: "x.ssbundle was changed"})})
	if err != nil {
		t.Fatal(err)
	}
	var wire struct{ Error string }
	if err := json.Unmarshal(raw, &wire); err != nil {
		t.Fatalf("the error is not a JSON string on the wire: %s (%v)", raw, err)
	}
	var inner BridgeError
	if err := json.Unmarshal([]byte(wire.Error), &inner); err != nil || inner.Code != "tampered" || inner.Message != "x.ssbundle was changed" {
		t.Fatalf("inner = %+v, %v (wire %s)", inner, err, raw)
	}
}
