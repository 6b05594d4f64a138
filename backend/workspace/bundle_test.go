package workspace

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source/sim/simulators"
)

// reviewedWorkspace: two simulated orgs refreshed twice, a review started, one item marked,
// the review closed.
func reviewedWorkspace(t *testing.T, sec secrets.Store) (*Workspace, Review) {
	t.Helper()
	ctx := context.Background()
	ws := open(t, sec)
	startOrg(t, ws, "salesforce", "Acme", 120)
	startOrg(t, ws, "keycloak", "Realm", 60)
	refresh(t, ws)
	refresh(t, ws)
	r, err := ws.StartReview(ctx, "week 48", nil)
	if err != nil {
		t.Fatal(err)
	}
	items, _, err := ws.ReviewItems(ctx, r.ID, ReviewItemsQuery{Limit: 5})
	if err != nil || len(items) == 0 {
		t.Fatalf("review items: %d, %v", len(items), err)
	}
	if _, err := ws.MarkReview(ctx, r.ID, Mark{ItemID: items[0].ID, Decision: DecisionExpected, Note: "travelling, confirmed"}); err != nil {
		t.Fatal(err)
	}
	if r, err = ws.CloseReview(ctx, r.ID, "Dana Reviewer"); err != nil {
		t.Fatal(err)
	}
	return ws, r
}

// What the views show, to compare a workspace with the bundle made of it.
type viewState struct {
	Sessions, Users, Places, Located int
	Flags                            []FlagCount
	Audit                            int
	ReviewItems                      int
	Marks                            int
	Diff                             int
}

func viewsOf(t *testing.T, ws *Workspace, reviewID int64) viewState {
	t.Helper()
	ctx := context.Background()
	var v viewState
	var err error
	if _, v.Sessions, err = ws.Query(ctx, session.Query{Sort: "username", Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if _, v.Users, err = ws.Users(ctx, UsersQuery{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	m, err := ws.Map(ctx, session.Filter{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	v.Places, v.Located = m.Places, m.Located
	if v.Flags, err = ws.FlagCounts(ctx, nil); err != nil {
		t.Fatal(err)
	}
	for i := range v.Flags { // connection ids and snapshot ids are the same in the bundle; times too
		v.Flags[i].ComputedAt = v.Flags[i].ComputedAt.UTC()
	}
	entries, err := ws.Audit(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	v.Audit = len(entries)
	if _, v.ReviewItems, err = ws.ReviewItems(ctx, reviewID, ReviewItemsQuery{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	marks, err := ws.ReviewMarks(ctx, reviewID)
	if err != nil {
		t.Fatal(err)
	}
	v.Marks = len(marks)
	conns, _ := ws.Connections(ctx)
	d, err := ws.CompareSnapshots(ctx, conns[0].ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	v.Diff = d.NewSessions + d.EndedSessions + d.From.SessionCount
	return v
}

func TestAReviewBundleOpensWithTheSameViewsAndNoCredentials(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // checked copies of bundles go there
	ctx := context.Background()
	ws, r := reviewedWorkspace(t, secrets.NewMemory())
	file := filepath.Join(t.TempDir(), "week48.ssbundle")
	info, err := ws.ExportBundle(ctx, BundleExport{File: file, ReviewID: r.ID, Note: "for the auditor"})
	if err != nil {
		t.Fatal(err)
	}
	want := viewsOf(t, ws, r.ID)
	want.Audit-- // the export's own entry is written after the bundle

	// A second app instance: an empty home, no connections, a keyring that must not be touched.
	work := t.TempDir()
	b, got, err := OpenBundle(ctx, file, BundleOptions{Work: work, Options: Options{Secrets: untouchable{t}}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Trust != TrustUnknown || got.Fingerprint() != info.Fingerprint() || got.Manifest.Review.Title != "week 48" {
		t.Errorf("opened: trust %s, fingerprint %s (exported %s), review %+v", got.Trust, got.Fingerprint(), info.Fingerprint(), got.Manifest.Review)
	}
	if have := viewsOf(t, b, r.ID); !reflect.DeepEqual(have, want) {
		t.Errorf("the bundle's views differ:\n got  %+v\n want %+v", have, want)
	}
	if c, err := b.CheckAudit(ctx); err != nil || !c.OK {
		t.Errorf("audit chain in the bundle: %+v %v", c, err)
	}
	if _, err := b.Refresh(ctx, nil, func(Progress) {}); CodeOf(err) != session.CodeReadOnly {
		t.Errorf("refresh on a bundle: %v", err)
	}
	if _, err := b.ExportBundle(ctx, BundleExport{File: filepath.Join(t.TempDir(), "x")}); CodeOf(err) != session.CodeReadOnly {
		t.Errorf("export from a bundle: %v", err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(work); len(left) != 0 {
		t.Errorf("closing the bundle left its copy: %v", left)
	}

	// The exporting workspace knows its own key; another trusts it once told to.
	ob, own, err := OpenBundle(ctx, file, BundleOptions{TrustFrom: ws})
	if err != nil || own.Trust != TrustOwn {
		t.Fatalf("own bundle: %s %v", own.Trust, err)
	}
	ob.Close()
	other := open(t, secrets.NewMemory())
	if err := other.TrustSigner(ctx, info.Fingerprint(), "Security team"); err != nil {
		t.Fatal(err)
	}
	if v, err := VerifyBundle(ctx, file, BundleOptions{TrustFrom: other}); err != nil || v.Trust != TrustTrusted || v.TrustedAs != "Security team" {
		t.Errorf("trusted: %+v %v", v, err)
	}
	if err := other.TrustSigner(ctx, "not a fingerprint", ""); err == nil {
		t.Error("a malformed fingerprint was trusted")
	}
}

func TestATamperedBundleIsRefusedAndImportsNothing(t *testing.T) {
	ctx := context.Background()
	ws := open(t, secrets.NewMemory())
	startOrg(t, ws, "salesforce", "Acme", 40)
	refresh(t, ws)
	file := filepath.Join(t.TempDir(), "acme.ssbundle")
	if _, err := ws.ExportBundle(ctx, BundleExport{File: file}); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(file)
	raw[len(raw)/3] ^= 1
	os.WriteFile(file, raw, 0o600)
	work := t.TempDir()
	b, _, err := OpenBundle(ctx, file, BundleOptions{Work: work})
	if err == nil {
		b.Close()
		t.Fatal("a changed bundle opened")
	}
	if CodeOf(err) != session.CodeTampered {
		t.Errorf("code %q: %v", CodeOf(err), err)
	}
	if left, _ := os.ReadDir(work); len(left) != 0 {
		t.Errorf("a refused bundle left files: %v", left)
	}
	os.WriteFile(file, []byte("not a bundle"), 0o600)
	if _, err := VerifyBundle(ctx, file, BundleOptions{Work: work}); CodeOf(err) != session.CodeBadBundle {
		t.Errorf("foreign file: %q %v", CodeOf(err), err)
	}
}

// No secret is in a bundle: the credentials of every kind of connection and the signing key
// stay in the keyring, in a bundle of snapshots as in one of a review.
func TestNoSecretInABundle(t *testing.T) {
	ctx := context.Background()
	sec := secrets.NewMemory()
	ws := open(t, sec)
	for _, kind := range simulators.Kinds() {
		startOrg(t, ws, kind, "Org "+kind, 30)
	}
	refresh(t, ws)
	r, err := ws.StartReview(ctx, "scan", nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "snapshots.ssbundle"), filepath.Join(dir, "review.ssbundle")}
	if _, err := ws.ExportBundle(ctx, BundleExport{File: files[0]}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.ExportBundle(ctx, BundleExport{File: files[1], ReviewID: r.ID}); err != nil {
		t.Fatal(err)
	}
	seed, err := sec.Get(ctx, signingKeyAccount)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(seed)
	planted := map[string][]byte{"signing key (base64)": []byte(seed), "signing key": raw}
	conns, _ := ws.Connections(ctx)
	for _, c := range conns {
		for name, stored := range ws.StoredSecrets(ctx, c) {
			if !stored {
				continue
			}
			v, err := sec.Get(ctx, secrets.Account(c.ID, name))
			if err != nil || len(v) < 8 {
				t.Fatalf("secret %s of %s: %q %v", name, c.Name, v, err)
			}
			planted[c.Name+" "+name] = []byte(v)
		}
	}
	if len(planted) < 2+len(simulators.Kinds())-1 { // a self-hosted Kratos may need no key
		t.Fatalf("only %d secrets to look for: %v", len(planted), planted)
	}
	t.Logf("looking for %d secrets", len(planted))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		for what, s := range planted {
			if bytes.Contains(data, s) {
				t.Errorf("%s holds the %s", filepath.Base(f), what)
			}
		}
	}
}

func TestBundleFilesStayOutOfTheDataFolderAndStaleCopiesGo(t *testing.T) {
	ctx := context.Background()
	ws := open(t, secrets.NewMemory())
	startOrg(t, ws, "salesforce", "Acme", 20)
	refresh(t, ws)
	for _, f := range []string{filepath.Join(ws.Home(), databaseFile), filepath.Join(ws.Home(), "x.ssbundle")} {
		if _, err := ws.ExportBundle(ctx, BundleExport{File: f}); CodeOf(err) != session.CodeBadRequest {
			t.Errorf("export to %s: %v", filepath.Base(f), err)
		}
	}
	file := filepath.Join(t.TempDir(), "acme.ssbundle")
	if _, err := ws.ExportBundle(ctx, BundleExport{File: file}); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	stale, fresh := filepath.Join(work, bundleCopyPrefix+"old"), filepath.Join(work, bundleCopyPrefix+"new")
	for _, d := range []string{stale, fresh} {
		os.MkdirAll(d, 0o700)
	}
	old := time.Now().Add(-staleCopyAge - time.Hour)
	os.Chtimes(stale, old, old)
	if _, err := VerifyBundle(ctx, file, BundleOptions{Work: work}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("a stale copy was left")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a recent copy (maybe another process's) was removed")
	}
}
