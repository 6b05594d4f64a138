package store

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"sessionscope/backend/session"
)

func TestCompareTheLatestSnapshotWithThePrevious(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	if _, err := s.CompareSnapshots(ctx, c.ID, 0, 0); err == nil {
		t.Fatal("one snapshot or none: nothing to compare, and it must say so")
	}
	before := fakeSessions("a", 100) // users user000–user049, all in FR
	first := writeSnapshot(t, s, c.ID, before, 100)
	after := append(fakeSessions("a", 100)[10:], session.Session{ID: "new-1", UserID: "u900", Username: "newcomer@a.example",
		Geo: session.Geo{CountryCode: "BR"}}, session.Session{ID: "new-2", UserID: "u900", Username: "newcomer@a.example"})
	second := writeSnapshot(t, s, c.ID, after, 100)

	d, err := s.CompareSnapshots(ctx, c.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d.From.ID != first.ID || d.To.ID != second.ID {
		t.Fatalf("compared %d → %d, want %d → %d", d.From.ID, d.To.ID, first.ID, second.ID)
	}
	if d.NewSessions != 2 || d.EndedSessions != 10 || d.NewUserCount != 1 || d.NewUsers[0] != "newcomer@a.example" ||
		!slices.Equal(d.NewCountries, []string{"BR"}) {
		t.Fatalf("diff = %+v; want 2 new, 10 ended, 1 new user, new country BR", d)
	}
	back, err := s.CompareSnapshots(ctx, c.ID, second.ID, first.ID)
	if err != nil || back.NewSessions != 10 || back.EndedSessions != 2 || back.NewUserCount != 0 {
		t.Fatalf("reverse diff = %+v %v", back, err)
	}
	if _, err := s.CompareSnapshots(ctx, c.ID, first.ID, 9999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("an unknown snapshot: %v", err)
	}
}

// The digest comparison must agree with the comparison of the rows, on data with the awkward
// cases: repeated session ids, usernames differing only in case, no username, no browser, no
// country.
func TestDigestComparisonAgreesWithTheRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gen := func(n int) []session.Session {
		out := make([]session.Session, n)
		for i := range out {
			u := fmt.Sprintf("User%02d@x.example", rng.IntN(40))
			switch rng.IntN(10) {
			case 0:
				u = strings.ToLower(u)
			case 1:
				u = ""
			}
			out[i] = session.Session{ID: fmt.Sprintf("s%03d", rng.IntN(300)), Username: u,
				Geo:    session.Geo{CountryCode: []string{"", "FR", "DE", "BR", "JP"}[rng.IntN(5)]},
				Device: session.Device{Browser: []string{"", "Chrome", "Firefox"}[rng.IntN(3)], Platform: []string{"", "Windows", "macOS"}[rng.IntN(3)]}}
		}
		return out
	}
	rows := func(ss []session.Session) []diffRow {
		out := make([]diffRow, len(ss))
		for i, x := range ss {
			out[i] = diffRow{id: x.ID, userKey: strings.ToLower(x.Username), username: x.Username,
				browser: x.Device.Browser, platform: x.Device.Platform, country: x.Geo.CountryCode}
		}
		return out
	}
	dig := func(ss []session.Session) *digest {
		b := newDigestBuilder()
		b.add(ss[:len(ss)/2]) // two pages
		b.add(ss[len(ss)/2:])
		body, err := b.build().encode()
		if err != nil {
			t.Fatal(err)
		}
		var d digest
		if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&d); err != nil {
			t.Fatal(err)
		}
		return &d
	}
	for round := range 50 {
		a, b := gen(rng.IntN(200)), gen(rng.IntN(200))
		var want, got Diff
		compareRows(&want, rows(a), rows(b))
		compareDigests(&got, dig(a), dig(b))
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("round %d: digests say\n%+v\nrows say\n%+v", round, got, want)
		}
	}
}

// Snapshots without a digest (written before digests existed) are compared from their rows,
// with the same answer.
func TestCompareWithoutDigestsReadsTheRows(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	writeSnapshot(t, s, c.ID, fakeSessions("a", 100), 100)
	writeSnapshot(t, s, c.ID, append(fakeSessions("a", 100)[30:], fakeSessions("b", 5)...), 100)
	withDigests, err := s.CompareSnapshots(ctx, c.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM snapshot_digests`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d digests (%v), want one per complete snapshot", n, err)
	}
	if _, err := s.DB().Exec(`DELETE FROM snapshot_digests`); err != nil {
		t.Fatal(err)
	}
	fromRows, err := s.CompareSnapshots(ctx, c.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(withDigests, fromRows) || fromRows.NewSessions != 5 || fromRows.EndedSessions != 30 {
		t.Fatalf("from digests %+v\nfrom rows %+v\nwant 5 new, 30 ended", withDigests, fromRows)
	}
}
