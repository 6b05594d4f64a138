package workspace

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"sessionscope/backend/secrets"
)

// The report of a signed-off review holds its orgs, totals, charts, flagged sessions with their
// decisions, the actions of its period and the sign-off — and the same report comes out of the
// review's bundle on a machine with no credentials.
func TestReviewReportFromTheWorkspaceAndFromItsBundle(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // checked copies of bundles go there
	ctx := context.Background()
	ws, r := reviewedWorkspace(t, secrets.NewMemory())
	var b bytes.Buffer
	if err := ws.ReviewReport(ctx, r.ID, &b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	items, total, _ := ws.ReviewItems(ctx, r.ID, ReviewItemsQuery{Limit: 1000})
	for _, want := range []string{"week 48", "Acme", "Realm", "Sessions by country", "Sessions by type", "Flags by rule",
		"<rect", "travelling, confirmed", "Signed off</b> by Dana Reviewer", "review.start", "review.close",
		items[0].Username, items[len(items)-1].Username} {
		if !strings.Contains(html, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if got := strings.Count(html, "<tr>\n    <td>"); got != total {
		t.Errorf("%d flagged rows, the review has %d", got, total)
	}
	file := filepath.Join(t.TempDir(), "r.ssbundle")
	if _, err := ws.ExportBundle(ctx, BundleExport{File: file, ReviewID: r.ID}); err != nil {
		t.Fatal(err)
	}
	bw, _, err := OpenBundle(ctx, file, BundleOptions{Options: Options{Secrets: untouchable{t}}})
	if err != nil {
		t.Fatal(err)
	}
	defer bw.Close()
	var fromBundle bytes.Buffer
	if err := bw.ReviewReport(ctx, r.ID, &fromBundle); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fromBundle.String(), "bundle r.ssbundle, signed by") ||
		strings.Count(fromBundle.String(), "<tr>\n    <td>") != total {
		t.Errorf("the bundle's report differs")
	}
	if err := ws.ReviewReport(ctx, 99, &b); CodeOf(err) != "not_found" {
		t.Errorf("report of no review: %q %v", CodeOf(err), err)
	}
}
