package workspace

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"sessionscope/backend/secrets"
)

// A reviewer adds notes to a received bundle and sends back a new one: it opens with the same
// views, the notes, and the original inside it, checked on its own and signed by the exporter.
func TestAReviewerAnswersABundleWithNotes(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // checked copies of bundles go there
	ctx := context.Background()
	ws, r := reviewedWorkspace(t, secrets.NewMemory())
	orig := filepath.Join(t.TempDir(), "week48.ssbundle")
	exported, err := ws.ExportBundle(ctx, BundleExport{File: orig, ReviewID: r.ID})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(orig)

	reviewer := open(t, secrets.NewMemory())
	answer := filepath.Join(t.TempDir(), "week48-reviewed.ssbundle")
	if _, err := reviewer.AnnotateBundle(ctx, BundleAnnotation{From: orig, File: orig, Notes: []BundleNote{{Text: "x"}}}); err == nil {
		t.Error("annotating a bundle onto itself was allowed")
	}
	if _, err := reviewer.AnnotateBundle(ctx, BundleAnnotation{From: orig, File: answer, Notes: []BundleNote{{Text: "  "}}}); err == nil {
		t.Error("an empty note was accepted")
	}
	ann, err := reviewer.AnnotateBundle(ctx, BundleAnnotation{From: orig, File: answer,
		Notes: []BundleNote{{About: "review item 1", Text: "travel confirmed with the user's manager"}, {Text: "no further action"}}})
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(orig); !bytes.Equal(before, after) {
		t.Error("annotating changed the original file")
	}
	b, info, err := OpenBundle(ctx, answer, BundleOptions{TrustFrom: ws, Options: Options{Secrets: untouchable{t}}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if len(info.Notes) != 2 || info.Notes[0].About != "review item 1" || info.Notes[0].Author == "" {
		t.Errorf("notes %+v", info.Notes)
	}
	if info.Fingerprint() != ann.Fingerprint() || info.Trust != TrustUnknown {
		t.Errorf("the answer is signed by the reviewer (unknown to the exporter): %s %s", info.Fingerprint(), info.Trust)
	}
	if info.Original == nil || info.Original.Fingerprint() != exported.Fingerprint() || info.Original.Trust != TrustOwn {
		t.Fatalf("original %+v", info.Original)
	}
	want := viewsOf(t, ws, r.ID)
	want.Audit-- // the export's own entry came after the bundle
	if got := viewsOf(t, b, r.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("the answer's views differ:\n got  %+v\n want %+v", got, want)
	}
}
