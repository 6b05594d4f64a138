package geo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ua-parser/uap-go/uaparser"
	"gopkg.in/yaml.v3"

	"sessionscope/backend/session"
)

// Device types set in Device.DeviceType.
const (
	DeviceDesktop = "desktop"
	DeviceMobile  = "mobile"
	DeviceTablet  = "tablet"
	DeviceBot     = "bot"
	DeviceOther   = "other"
)

// uaInfo is what one user agent string yields.
type uaInfo struct {
	browser, platform, deviceType string
}

// uaClassifier parses user agents with uap-go. With a regexes.yaml file it uses those rules;
// without, it builds uap-go's embedded rules lazily (compiling them costs time at first use).
// The embedded rules lose a rule line in uap-go's build step, so a Roku user agent matches
// the previous rule's "Mac OS X" replacement: embeddedGuard undoes such answers.
type uaClassifier struct {
	load          func() (*uaparser.Parser, error)
	embeddedGuard bool
	cache         *boundedCache[string, uaInfo]
}

func newUAClassifier(regexFile string, cacheSize int) (*uaClassifier, error) {
	c := &uaClassifier{cache: newBoundedCache[string, uaInfo](cacheSize)}
	if regexFile == "" {
		c.embeddedGuard = true
		c.load = sync.OnceValues(func() (*uaparser.Parser, error) { return uaparser.New() })
		return c, nil
	}
	data, err := os.ReadFile(regexFile)
	if err != nil {
		return nil, fmt.Errorf("geo: read user-agent rules: %w", err)
	}
	var def uaparser.RegexDefinitions
	if err := yaml.Unmarshal(data, &def); err != nil {
		return nil, fmt.Errorf("geo: parse user-agent rules %s: %w", filepath.Base(regexFile), err)
	}
	if len(def.UA) == 0 && len(def.OS) == 0 {
		return nil, fmt.Errorf("geo: %s holds no user-agent rules", filepath.Base(regexFile))
	}
	p, err := newParser(def)
	if err != nil {
		return nil, fmt.Errorf("geo: user-agent rules %s: %w", filepath.Base(regexFile), err)
	}
	c.load = func() (*uaparser.Parser, error) { return p, nil }
	return c, nil
}

// newParser compiles def; uap-go panics on a bad regular expression, which becomes an error.
func newParser(def uaparser.RegexDefinitions) (p *uaparser.Parser, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("invalid rule: %v", r)
		}
	}()
	return uaparser.New(uaparser.WithRegexDefinitions(def))
}

func (c *uaClassifier) classify(ua string) uaInfo {
	if info, ok := c.cache.get(ua); ok {
		return info
	}
	p, err := c.load()
	if err != nil {
		return uaInfo{}
	}
	cl := p.Parse(ua)
	if c.embeddedGuard && cl.Os.Family == "Mac OS X" && !strings.Contains(ua, "Mac") {
		cl.Os = &uaparser.Os{Family: "Other"}
	}
	info := uaInfo{
		browser:    joinVersion(cl.UserAgent.Family, cl.UserAgent.Major),
		platform:   platformName(cl.Os),
		deviceType: deviceType(ua, cl),
	}
	c.cache.put(ua, info)
	return info
}

func joinVersion(family, major string) string {
	if family == "" || family == "Other" {
		return ""
	}
	if major == "" {
		return family
	}
	return family + " " + major
}

// platformName is "OS Major" ("Windows 10", "iOS 17", "Android 14"). Legacy macOS user agents
// report 10.x, where the major alone says nothing, so those keep the minor ("Mac OS X 10.15").
func platformName(o *uaparser.Os) string {
	if o.Family == "Mac OS X" && o.Major == "10" && o.Minor != "" {
		return "Mac OS X 10." + o.Minor
	}
	return joinVersion(o.Family, o.Major)
}

var (
	mobileOS = map[string]bool{
		"iOS": true, "Android": true, "Windows Phone": true, "BlackBerry OS": true,
		"KaiOS": true, "Symbian OS": true, "Firefox OS": true, "Tizen": true, "HarmonyOS": true,
	}
	desktopOS = map[string]bool{
		"Windows": true, "Mac OS X": true, "macOS": true, "Linux": true, "Ubuntu": true,
		"Chrome OS": true, "ChromeOS": true, "Fedora": true, "Debian": true, "FreeBSD": true,
		"OpenBSD": true, "NetBSD": true, "Solaris": true, "Red Hat": true, "SUSE": true,
	}
	botHints = []string{"bot", "crawler", "spider", "slurp", "headlesschrome"}
)

// deviceType derives a device class:
//   - bot: uap-core's device family "Spider", or the UA names itself a bot/crawler/spider;
//   - tablet: device family or model says iPad / Tablet / Kindle, or Android without
//     "Mobile" (the Android convention that separates tablets from phones);
//   - mobile: a mobile OS (iOS, Android, Windows Phone, …) or a "Mobi" token;
//   - desktop: a desktop OS (Windows, macOS, Linux, Chrome OS, BSDs);
//   - other: the rest — TVs (Roku), consoles, command-line and API clients, unknown strings.
func deviceType(ua string, cl *uaparser.Client) string {
	lower := strings.ToLower(ua)
	dev := cl.Device.Family + " " + cl.Device.Model
	if cl.Device.Family == "Spider" {
		return DeviceBot
	}
	for _, h := range botHints {
		if strings.Contains(lower, h) {
			return DeviceBot
		}
	}
	if strings.Contains(dev, "iPad") || strings.Contains(dev, "Tablet") || strings.Contains(dev, "Kindle") ||
		strings.Contains(lower, "ipad") || strings.Contains(lower, "tablet") {
		return DeviceTablet
	}
	if cl.Os.Family == "Android" && !strings.Contains(lower, "mobile") {
		return DeviceTablet
	}
	if mobileOS[cl.Os.Family] || strings.Contains(lower, "mobi") {
		return DeviceMobile
	}
	if desktopOS[cl.Os.Family] {
		return DeviceDesktop
	}
	return DeviceOther
}

// enrichDevice fills the empty device fields from the user agent; server values are kept, with
// the device class spelled the one way the filters know. Without a user agent (Salesforce gives
// only browser and platform names) the class follows from the platform where it can.
func (e *Enricher) enrichDevice(d *session.Device) {
	defer func() {
		d.DeviceType = normaliseDeviceType(d.DeviceType)
		if d.DeviceType == "" {
			d.DeviceType = deviceFromPlatform(d.Platform)
		}
	}()
	if d.UserAgent == "" || e.ua == nil || (d.Browser != "" && d.Platform != "" && d.DeviceType != "") {
		return
	}
	info := e.ua.classify(d.UserAgent)
	if d.Browser == "" {
		d.Browser = info.browser
	}
	if d.Platform == "" {
		d.Platform = info.platform
	}
	if d.DeviceType == "" {
		d.DeviceType = info.deviceType
	}
}

// ParseUserAgent classifies one user agent string (browser, platform, device type) with the
// enricher's rules, for callers outside a refresh.
func (e *Enricher) ParseUserAgent(ua string) (browser, platform, deviceType string) {
	if ua == "" || e.ua == nil {
		return "", "", ""
	}
	info := e.ua.classify(ua)
	return info.browser, info.platform, info.deviceType
}

// normaliseDeviceType maps the servers' spellings onto the enricher's classes.
func normaliseDeviceType(t string) string {
	switch l := strings.ToLower(strings.TrimSpace(t)); l {
	case "":
		return ""
	case DeviceDesktop, "pc", "computer", "laptop":
		return DeviceDesktop
	case DeviceMobile, "phone", "smartphone", "mobile phone":
		return DeviceMobile
	case DeviceTablet:
		return DeviceTablet
	case DeviceBot, "spider", "crawler":
		return DeviceBot
	case DeviceOther:
		return DeviceOther
	default:
		return strings.TrimSpace(t) // a class of the server's own: kept as it is
	}
}

// deviceFromPlatform guesses the class from an operating-system name alone ("" when it cannot).
func deviceFromPlatform(p string) string {
	l := strings.ToLower(p)
	switch {
	case l == "":
		return ""
	case strings.Contains(l, "ipad"):
		return DeviceTablet
	case strings.Contains(l, "ios"), strings.Contains(l, "iphone"), strings.Contains(l, "android"),
		strings.Contains(l, "windows phone"):
		return DeviceMobile
	case strings.Contains(l, "windows"), strings.Contains(l, "mac"), strings.Contains(l, "linux"),
		strings.Contains(l, "chrome os"), strings.Contains(l, "chromeos"), strings.Contains(l, "ubuntu"):
		return DeviceDesktop
	}
	return ""
}
