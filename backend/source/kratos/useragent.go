package kratos

import (
	"strings"

	"sessionscope/backend/session"
)

// parseUserAgent derives browser, platform and device type from a User-Agent header, enough
// for the table and filters; the full string stays in UserAgent. Kratos records the header of
// the request that created the session: a browser for browser flows, the app's HTTP client for
// native (API) flows, which then becomes the Application.
func parseUserAgent(ua string) session.Device {
	d := session.Device{UserAgent: ua}
	if ua == "" {
		return d
	}
	d.Platform = platformOf(ua)
	browser := browserOf(ua)
	if browser == "" {
		// A native client: "okhttp/4.12.0", "Acme/5.4 (com.acme.app; iOS 18.1) Alamofire/5.9.1".
		if f := strings.Fields(ua); len(f) > 0 {
			name, ver, _ := strings.Cut(f[0], "/")
			d.Application = strings.TrimSpace(name + " " + ver)
		}
	} else {
		d.Browser = browser
	}
	switch {
	case strings.Contains(ua, "iPad") || (strings.Contains(ua, "Android") && !strings.Contains(ua, "Mobile")):
		d.DeviceType = "Tablet"
	case strings.Contains(ua, "iPhone") || strings.Contains(ua, "Android") || strings.Contains(ua, "Mobile"):
		d.DeviceType = "Mobile"
	case browser != "":
		d.DeviceType = "Desktop"
	}
	return d
}

func browserOf(ua string) string {
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"EdgA/", "Edge"}, {"EdgiOS/", "Edge"}, {"OPR/", "Opera"},
		{"SamsungBrowser/", "Samsung Internet"}, {"Firefox/", "Firefox"}, {"FxiOS/", "Firefox"},
		{"CriOS/", "Chrome"}, {"Chrome/", "Chrome"},
	} {
		if i := strings.Index(ua, b.token); i >= 0 {
			return b.name + " " + major(ua[i+len(b.token):])
		}
	}
	if strings.Contains(ua, "Safari/") {
		if i := strings.Index(ua, "Version/"); i >= 0 {
			return "Safari " + major(ua[i+len("Version/"):])
		}
		return "Safari"
	}
	return ""
}

func major(v string) string {
	end := strings.IndexAny(v, ". ;)")
	if end < 0 {
		return v
	}
	return v[:end]
}

func platformOf(ua string) string {
	switch {
	case strings.Contains(ua, "iPhone") || strings.Contains(ua, "iPad") || strings.Contains(ua, "iOS"):
		return "iOS"
	case strings.Contains(ua, "Android"):
		return "Android"
	case strings.Contains(ua, "Windows"):
		return "Windows"
	case strings.Contains(ua, "CrOS"):
		return "ChromeOS"
	case strings.Contains(ua, "Mac OS X") || strings.Contains(ua, "Macintosh"):
		return "macOS"
	case strings.Contains(ua, "Linux"):
		return "Linux"
	}
	return ""
}
