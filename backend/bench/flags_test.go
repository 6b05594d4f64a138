package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"sessionscope/backend/risk"
	"sessionscope/backend/session"
	"sessionscope/backend/source/sim/simkit"
	"sessionscope/backend/store"
)

// flagsCommand measures issue 12's targets on synthetic data written straight into the store
// (no simulators: the figures are about the flag pass, not the refresh).
const flagsCommand = `go test -run '^$' -bench 'Flags$' -benchtime 1x -timeout 30m ./backend/bench/`

const (
	targetFlagPass   = 5 * time.Second
	targetFlaggedP95 = 25 * time.Millisecond
	flagOrgs         = 10
)

// flagSessions makes one org's sessions shaped like the Salesforce simulator's: most users sign
// in from home, one login in eight from another city, interactive logins with child sessions,
// one user in ten with an API session, activity within each session's timeout. seq moves the
// org forward one refresh: a few sessions end, a few start, a few move (drift).
func flagSessions(org, n, seq int, now time.Time) []session.Session {
	rng := rand.New(rand.NewPCG(uint64(org), 9))
	out := make([]session.Session, 0, n)
	browsers := []string{"Chrome 142", "Firefox 145", "Safari 19", "Edge 142"}
	platforms := []string{"Windows 10", "Mac OSX", "iPhone", "Android 16", "Linux"}
	validity := []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 8 * time.Hour, 24 * time.Hour}
	for u := 0; len(out) < n; u++ {
		home := rng.IntN(len(simkit.Cities))
		user := fmt.Sprintf("user%06d@org%d.example", u, org)
		device := rng.IntN(len(browsers))
		for l := range 1 + rng.IntN(2) {
			city := home
			if rng.IntN(8) == 0 {
				city = rng.IntN(len(simkit.Cities))
			}
			id := fmt.Sprintf("%d-%d-%d", org, u, l)
			// Draws are the same at every seq, so each refresh differs only where it is meant to.
			r, m := rng.IntN(50), rng.IntN(200)
			replaced, moved := r < seq, seq > 0 && m == 0
			if replaced { // ended and replaced since the first refresh
				id += fmt.Sprintf("-r%d", seq)
			}
			if moved { // the same session, seen from elsewhere
				city = (city + 7) % len(simkit.Cities)
			}
			c := simkit.Cities[city]
			lat, lon := c.Lat, c.Lon
			v := validity[rng.IntN(len(validity))]
			active := now.Add(-time.Duration(rng.Int64N(int64(v) * 3 / 4)))
			created := active.Add(-time.Duration(rng.Int64N(int64(min(4*v, 72*time.Hour)))))
			s := session.Session{ID: id, UserID: strconv.Itoa(u), Username: user, UserName: user,
				SessionType: "UI", CreatedAt: created, LastActiveAt: active,
				SourceIP: netip.AddrFrom4([4]byte{byte(20 + city%200), byte(u >> 8), byte(u), byte(1 + l)}).String(),
				Geo: session.Geo{City: c.Name, Country: c.Country, CountryCode: c.ISO, Latitude: &lat, Longitude: &lon,
					Source: "geoip", ASN: uint32(64500 + city)},
				Device: session.Device{Browser: browsers[(device+l)%len(browsers)], Platform: platforms[(device+l)%len(platforms)]},
				Raw:    []byte(`{}`)}
			out = append(out, s)
			for k, p := range []int{60, 35, 25} { // Content, Visualforce, Aura children
				if rng.IntN(100) < p && len(out) < n {
					ch := s
					ch.ID, ch.ParentID, ch.SessionType = s.ID+"-c"+strconv.Itoa(k), s.ID, []string{"Content", "Visualforce", "Aura"}[k]
					out = append(out, ch)
				}
			}
		}
		if rng.IntN(10) == 0 && len(out) < n {
			api := out[len(out)-1]
			api.ID, api.ParentID, api.SessionType = fmt.Sprintf("%d-%d-api", org, u), "", "API"
			api.Device = session.Device{Application: "Data Loader"}
			api.CreatedAt = now.Add(-time.Duration(rng.Int64N(int64(14 * 24 * time.Hour))))
			if rng.IntN(100) == 0 {
				api.CreatedAt = now.Add(-120 * 24 * time.Hour) // a months-old integration
			}
			out = append(out, api)
		}
	}
	return out
}

func writeFlagOrg(ctx context.Context, b *testing.B, st *store.Store, id int64, rows []session.Session) {
	w, err := st.BeginSnapshot(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < len(rows); i += 2000 {
		if err := w.WritePage(ctx, rows[i:min(i+2000, len(rows))], 0); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := w.Complete(ctx, nil); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkFlags(b *testing.B) {
	ctx := context.Background()
	total := scaleSessions()
	perOrg := max(total/flagOrgs, 1)
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "flags.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var sum summary
	fmt.Printf("\nSessionScope flags benchmark: %d orgs × %d sessions (synthetic, written straight into the store)\ncommand: %s\n",
		flagOrgs, perOrg, flagsCommand)
	now := time.Now()
	t0 := time.Now()
	var conns []int64
	refresh := func(seq int) []int64 { // every org refreshed once more, an hour later
		var snaps []int64
		for o, id := range conns {
			rows := flagSessions(o, perOrg, seq, now.Add(time.Duration(seq)*time.Hour))
			// A server lists sessions in its own order, not by user: the rows are stored so.
			rand.New(rand.NewPCG(uint64(o), uint64(seq))).Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
			writeFlagOrg(ctx, b, st, id, rows)
			c, _ := st.Connection(ctx, id)
			snaps = append(snaps, c.Current.ID)
		}
		if err := st.Prepared(ctx); err != nil {
			b.Fatal(err)
		}
		return snaps
	}
	for o := range flagOrgs {
		c, err := st.AddConnection(ctx, session.Connection{Name: fmt.Sprintf("Org %02d", o), Kind: "salesforce", URL: "http://127.0.0.1:1"})
		if err != nil {
			b.Fatal(err)
		}
		conns = append(conns, c.ID)
	}
	snaps := refresh(0)
	fmt.Printf("  first refresh written in %.1fs\n", time.Since(t0).Seconds())

	// 1. Every flag of every org, as after a refresh of all of them (two passes at a time: the
	// refresh runs several connections at once).
	pass := func(label string, p risk.Policy) time.Duration {
		t, cpu := time.Now(), cpuTime()
		var mu sync.Mutex
		flagged, flags := 0, 0
		byRule := map[risk.Rule]int{}
		sem := make(chan struct{}, 2)
		var wg sync.WaitGroup
		for _, id := range snaps {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				s, err := st.ComputeFlags(ctx, id, p)
				if err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				flagged, flags = flagged+s.Flagged, flags+s.Flags
				for r, n := range s.RuleSessions {
					byRule[r] += n
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		d := time.Since(t)
		fmt.Printf("  %-44s %6.2fs wall, %6.2fs CPU  (%d flags on %d sessions)\n", label, d.Seconds(), (cpuTime() - cpu).Seconds(),
			flags, flagged)
		for _, ri := range risk.Rules {
			if byRule[ri.Rule] > 0 {
				fmt.Printf("      %-24s %8d sessions\n", ri.Rule, byRule[ri.Rule])
			}
		}
		return d
	}
	fmt.Printf("\n[1] store.ComputeFlags over every org's current snapshot, two at a time\n    command: %s\n", flagsCommand)
	pass("first refresh (no history yet)", risk.Defaults())
	t0 = time.Now()
	snaps = refresh(1)
	fmt.Printf("  second refresh written in %.1fs\n", time.Since(t0).Seconds())
	first := pass("after the second refresh (with history)", risk.Defaults())
	strict := risk.Defaults()
	if err := risk.Apply(&strict, map[string]string{risk.FieldApprovedCountries: "FR, DE, GB, US", risk.FieldMaxSessions: "3"}); err != nil {
		b.Fatal(err)
	}
	changed := pass("policy change (recompute, more flags)", strict)
	sum.add(fmt.Sprintf("every flag of %d sessions", total), fmt.Sprintf("%.2fs", first.Seconds()), "≤ 5 s", first <= targetFlagPass)
	sum.add("recompute after a policy change", fmt.Sprintf("%.2fs", changed.Seconds()), "≤ 5 s", changed <= targetFlagPass)
	b.ReportMetric(first.Seconds(), "flag-pass-s")

	// 2. The Flagged view: its first window, then windows anywhere in it.
	fmt.Printf("\n[2] store.FlaggedWindow, 200 rows, most severe first\n    command: %s\n", flagsCommand)
	rng := rand.New(rand.NewPCG(3, 4))
	for _, v := range []struct {
		name string
		f    session.Filter
	}{
		{"any flag", session.Filter{}},
		{"severity high", session.Filter{Flags: session.FlagFilter{Severity: "high"}}},
		{"rule too_many_sessions", session.Filter{Flags: session.FlagFilter{Rule: "too_many_sessions"}}},
		{"any flag, country US", session.Filter{Countries: []string{"US"}}},
	} {
		t := time.Now()
		_, n, err := st.FlaggedWindow(ctx, session.Query{Filter: v.f, Limit: windowRows})
		if err != nil {
			b.Fatal(err)
		}
		firstWin := time.Since(t)
		var lat []time.Duration
		for range 200 {
			t := time.Now()
			if _, _, err := st.FlaggedWindow(ctx, session.Query{Filter: v.f, Offset: rng.IntN(max(n-windowRows, 1)), Limit: windowRows}); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
		}
		p95 := quantile(lat, 0.95)
		fmt.Printf("  %-26s %8d rows  first window %8s  p50 %7s  p95 %7s\n", v.name, n, msf(firstWin), msf(quantile(lat, 0.5)), msf(p95))
		sum.add("Flagged view window p95, "+v.name, msf(p95), "≤ 25 ms", p95 <= targetFlaggedP95)
		sum.info("Flagged view first window, "+v.name, msf(firstWin))
	}
	fmt.Printf("\nsummary (command: %s)\n", flagsCommand)
	for _, l := range sum.lines {
		fmt.Println(l)
	}
	fmt.Printf("  %d target(s) missed\n", sum.miss)
	_ = os.Stdout.Sync()
}

// cpuTime is the CPU this process has used: on a shared machine it says more than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// flagsScale measures issue 12's targets on the scale benchmark's refreshed orgs: every flag
// judged again from the stored rows (what a policy change costs; the refresh just did the same
// work, org by org, as each completed), and the Flagged view's windows.
func flagsScale(ctx context.Context, b *testing.B, ws flagsWorkspace, sum *summary) {
	fmt.Printf("\n[6] flags: every org's current snapshot judged again (Workspace.ComputeFlags, two at a time), then the Flagged view\n    command: %s\n", command)
	// A policy is changed on a window that has settled: the ranks and the users ranking the
	// second refresh set going in the background are ready first (their CPU is not the pass's).
	t0 := time.Now()
	if err := ws.Prepared(ctx); err != nil {
		b.Fatal(err)
	}
	fmt.Printf("    (background preparation after the second refresh: %.1fs more)\n", time.Since(t0).Seconds())
	conns, err := ws.Connections(ctx)
	if err != nil {
		b.Fatal(err)
	}
	t, cpu := time.Now(), cpuTime()
	var mu sync.Mutex
	flagged, sessions := 0, 0
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for _, c := range conns {
		if c.Current == nil {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			s, err := ws.ComputeFlags(ctx, c.ID)
			if err != nil {
				b.Error(err)
				return
			}
			mu.Lock()
			flagged, sessions = flagged+s.Flagged, sessions+s.Sessions
			mu.Unlock()
		}()
	}
	wg.Wait()
	d := time.Since(t)
	fmt.Printf("    every flag          : %d sessions judged in %.2fs (%.2fs CPU), %d flagged\n", sessions, d.Seconds(),
		(cpuTime() - cpu).Seconds(), flagged)
	sum.add(fmt.Sprintf("every flag of %d sessions", sessions), fmt.Sprintf("%.2fs", d.Seconds()), "≤ 5 s", d <= targetFlagPass)
	b.ReportMetric(d.Seconds(), "flag-pass-s")
	rng := rand.New(rand.NewPCG(5, 6))
	for _, v := range []struct {
		name string
		f    session.Filter
	}{{"any flag", session.Filter{}}, {"severity high", session.Filter{Flags: session.FlagFilter{Severity: "high"}}}} {
		t := time.Now()
		_, n, err := ws.FlaggedWindow(ctx, session.Query{Filter: v.f, Limit: windowRows})
		if err != nil {
			b.Fatal(err)
		}
		first := time.Since(t)
		var lat []time.Duration
		for range 200 {
			t := time.Now()
			if _, _, err := ws.FlaggedWindow(ctx, session.Query{Filter: v.f, Offset: rng.IntN(max(n-windowRows, 1)), Limit: windowRows}); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
		}
		p95 := quantile(lat, 0.95)
		fmt.Printf("    Flagged view, %-14s %8d rows: first window %s, then p50 %s, p95 %s\n", v.name, n, msf(first), msf(quantile(lat, 0.5)), msf(p95))
		sum.add("Flagged view window p95, "+v.name, msf(p95), "≤ 25 ms", p95 <= targetFlaggedP95)
	}
}

// flagsWorkspace is what flagsScale needs of the workspace.
type flagsWorkspace interface {
	Connections(ctx context.Context) ([]session.Connection, error)
	ComputeFlags(ctx context.Context, connectionID int64) (store.FlagSummary, error)
	FlaggedWindow(ctx context.Context, q session.Query) ([]store.Row, int, error)
	Prepared(ctx context.Context) error
}
