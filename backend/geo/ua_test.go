package geo

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"sessionscope/backend/session"
)

const (
	uaChromeWin  = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"
	uaFirefoxMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0"
	uaSafariMac  = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
	uaIPhone     = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	uaIPad       = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1"
	uaAndroid    = "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36"
	uaAndroidTab = "Mozilla/5.0 (Linux; Android 13; SM-X200 Build/TP1A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36"
	uaRoku       = "Roku/DVP-9.10 (519.10E04111A)"
	uaGooglebot  = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
	uaCurl       = "curl/8.5.0"
)

func TestUserAgentRulesFile(t *testing.T) {
	e := openT(t, Config{UARegexes: uaRules})
	cases := []struct{ ua, browser, platform, device string }{
		{uaChromeWin, "Chrome 142", "Windows 10", DeviceDesktop},
		{uaFirefoxMac, "Firefox 133", "Mac OS X 10.15", DeviceDesktop},
		{uaSafariMac, "Safari 17", "Mac OS X 14", DeviceDesktop},
		{uaIPhone, "Mobile Safari 17", "iOS 17", DeviceMobile},
		{uaIPad, "Chrome Mobile iOS 120", "iOS 16", DeviceTablet},
		{uaAndroid, "Chrome 142", "Android 14", DeviceMobile},
		{uaAndroidTab, "Chrome 141", "Android 13", DeviceTablet},
		// The uap-go defect case: with the rules file, Roku is Roku, not "Mac OS X".
		{uaRoku, "Roku 9", "Roku 9", DeviceOther},
		{uaGooglebot, "Googlebot 2", "", DeviceBot},
		{uaCurl, "", "", DeviceOther},
	}
	for _, c := range cases {
		d := enrichOne(e, session.Session{Device: session.Device{UserAgent: c.ua}}).Device
		if d.Browser != c.browser || d.Platform != c.platform || d.DeviceType != c.device {
			t.Errorf("%s:\n got %q / %q / %q\nwant %q / %q / %q", c.ua, d.Browser, d.Platform, d.DeviceType,
				c.browser, c.platform, c.device)
		}
	}
	if b, p, dt := e.ParseUserAgent(uaRoku); strings.Contains(p, "Mac") || b != "Roku 9" || dt != DeviceOther {
		t.Errorf("ParseUserAgent(roku) = %q %q %q", b, p, dt)
	}
}

func TestUserAgentKeepsServerValues(t *testing.T) {
	e := openT(t, Config{UARegexes: uaRules})
	in := session.Device{UserAgent: uaChromeWin, Browser: "Edge 142", Application: "Portal"}
	d := enrichOne(e, session.Session{Device: in}).Device
	if d.Browser != "Edge 142" || d.Platform != "Windows 10" || d.DeviceType != DeviceDesktop || d.Application != "Portal" {
		t.Errorf("got %+v", d)
	}
	full := session.Device{UserAgent: uaRoku, Browser: "B", Platform: "P", DeviceType: "D"}
	if d := enrichOne(e, session.Session{Device: full}).Device; d != full {
		t.Errorf("complete server device changed: %+v", d)
	}
	if d := enrichOne(e, session.Session{}).Device; d != (session.Device{}) {
		t.Errorf("no user agent: %+v", d)
	}
	// One spelling per class, whoever reported it; without a user agent the platform decides.
	for in, want := range map[session.Device]string{
		{DeviceType: "Mobile"}: DeviceMobile, {DeviceType: " Desktop"}: DeviceDesktop, {DeviceType: "smartphone"}: DeviceMobile,
		{Platform: "iOS 18"}: DeviceMobile, {Platform: "Mac OSX"}: DeviceDesktop, {Platform: "iPadOS"}: DeviceTablet,
		{Platform: "Android 14"}: DeviceMobile, {Platform: "Windows 10"}: DeviceDesktop, {Platform: "PlayStation"}: "",
	} {
		if got := enrichOne(e, session.Session{Device: in}).Device.DeviceType; got != want {
			t.Errorf("%+v → device type %q, want %q", in, got, want)
		}
	}
}

// Without a rules file uap-go's embedded rules are used, guarded against their Roku defect.
func TestUserAgentEmbeddedRulesGuard(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles uap-go's full embedded rule set")
	}
	e := openT(t, Config{})
	raw, err := e.ua.load()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("uap-go embedded rules, unguarded: roku OS = %q", raw.ParseOs(uaRoku).ToString())
	b, p, _ := e.ParseUserAgent(uaRoku)
	if strings.Contains(p, "Mac OS X") {
		t.Errorf("roku came out as %q (browser %q)", p, b)
	}
	if b, p, dt := e.ParseUserAgent(uaChromeWin); b != "Chrome 142" || p != "Windows 10" || dt != DeviceDesktop {
		t.Errorf("chrome: %q %q %q", b, p, dt)
	}
	if _, p, _ := e.ParseUserAgent(uaFirefoxMac); p != "Mac OS X 10.15" {
		t.Errorf("real macOS lost by the guard: %q", p)
	}
}

func TestCaches(t *testing.T) {
	e := openT(t, Config{CityDB: cityDB, UARegexes: uaRules})
	page := make([]session.Session, 500)
	for i := range page {
		page[i] = session.Session{SourceIP: "81.2.69.142", Device: session.Device{UserAgent: uaChromeWin}}
	}
	e.Enrich(context.Background(), page)
	e.Enrich(context.Background(), page) // second refresh: all hits
	if n := e.lookups.Load(); n != 1 {
		t.Errorf("%d database lookups for one address, want 1", n)
	}
	if n := e.ua.cache.len(); n != 1 {
		t.Errorf("UA cache holds %d entries", n)
	}
	// Each session gets its own coordinates, not a pointer into the cache.
	*page[0].Geo.Latitude = 0
	if *page[1].Geo.Latitude == 0 || *e.locate(netip.MustParseAddr("81.2.69.142")).Latitude == 0 {
		t.Error("coordinates shared between sessions")
	}

	small := openT(t, Config{CityDB: cityDB, CacheSize: 3})
	for i := range 10 {
		enrichOne(small, session.Session{SourceIP: fmt.Sprintf("81.2.69.%d", 140+i)})
	}
	if n := small.ipCache.len(); n > 3 || n == 0 {
		t.Errorf("bounded cache holds %d entries, cap 3", n)
	}
	if n := small.lookups.Load(); n != 10 {
		t.Errorf("%d lookups for 10 addresses", n)
	}
	// ASN answers are cached too.
	a := openT(t, Config{ASNDB: asnDB})
	for range 5 {
		a.ASN("1.128.0.1")
	}
	if n := a.lookups.Load(); n != 1 {
		t.Errorf("%d ASN lookups, want 1", n)
	}
}

func TestConcurrentEnrich(t *testing.T) {
	e := openT(t, Config{CityDB: cityDB, ASNDB: asnDB, DBIPv4: writeDBIP(t, 4, dbipV4Rows), UARegexes: uaRules, CacheSize: 16})
	ips := []string{"81.2.69.142", "8.8.8.8", "10.0.0.1", "216.160.83.56", "2001:480:10::1", "", "1.128.0.1"}
	uas := []string{uaChromeWin, uaIPhone, uaRoku, uaAndroid, ""}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			page := samplePage(200, ips[w%len(ips):], uas)
			e.Enrich(context.Background(), page)
			e.ASN(page[0].SourceIP)
			for _, s := range page {
				if s.SourceIP == "81.2.69.142" && s.Geo.City != "London" {
					t.Errorf("worker %d: %+v", w, s.Geo)
					return
				}
			}
		})
	}
	wg.Wait()
}

func samplePage(n int, ips, uas []string) []session.Session {
	page := make([]session.Session, n)
	for i := range page {
		page[i] = session.Session{
			ID: fmt.Sprint(i), SourceIP: ips[i%len(ips)],
			Device: session.Device{UserAgent: uas[i%len(uas)]},
		}
	}
	return page
}

func BenchmarkEnrich2000(b *testing.B) {
	e := openT(b, Config{CityDB: cityDB, DBIPv4: writeDBIP(b, 4, dbipV4Rows), UARegexes: uaRules})
	ips := make([]string, 0, 300)
	for i := range 256 {
		ips = append(ips, fmt.Sprintf("81.2.69.%d", i), fmt.Sprintf("8.8.8.%d", i))
	}
	ips = append(ips, "10.1.1.1", "[2001:480:10::1]:443", "")
	uas := []string{uaChromeWin, uaFirefoxMac, uaIPhone, uaAndroid, uaRoku}
	template := samplePage(2000, ips, uas)
	page := make([]session.Session, len(template))
	b.ReportAllocs()
	for b.Loop() {
		copy(page, template)
		e.Enrich(context.Background(), page)
	}
}
