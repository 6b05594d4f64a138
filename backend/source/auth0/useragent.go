package auth0

import (
	"strings"

	"sessionscope/backend/session"
)

// describeAgent reads browser, platform and device type out of a user-agent string. Auth0
// gives only the raw string; a coarse reading is enough for the session table, and the raw
// string stays in Device.UserAgent.
func describeAgent(ua string) session.Device {
	var d session.Device
	if ua == "" {
		return d
	}
	switch {
	case strings.Contains(ua, "iPad"):
		d.Platform, d.DeviceType = "iPadOS", "Tablet"
	case strings.Contains(ua, "iPhone"):
		d.Platform, d.DeviceType = "iOS", "Mobile"
	case strings.Contains(ua, "Android"):
		d.Platform, d.DeviceType = "Android", "Tablet"
		if strings.Contains(ua, "Mobile") {
			d.DeviceType = "Mobile"
		}
	case strings.Contains(ua, "CrOS"):
		d.Platform, d.DeviceType = "ChromeOS", "Desktop"
	case strings.Contains(ua, "Windows"):
		d.Platform, d.DeviceType = "Windows", "Desktop"
	case strings.Contains(ua, "Mac OS X") || strings.Contains(ua, "Macintosh"):
		d.Platform, d.DeviceType = "macOS", "Desktop"
	case strings.Contains(ua, "Linux"):
		d.Platform, d.DeviceType = "Linux", "Desktop"
	}
	// Order matters: Edge, Opera, Samsung and Chrome on iOS all also claim Chrome or Safari.
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"EdgA/", "Edge"}, {"EdgiOS/", "Edge"}, {"OPR/", "Opera"},
		{"SamsungBrowser/", "Samsung Internet"}, {"CriOS/", "Chrome"}, {"FxiOS/", "Firefox"},
		{"Firefox/", "Firefox"}, {"Chrome/", "Chrome"}, {"Version/", "Safari"},
	} {
		if i := strings.Index(ua, b.token); i >= 0 {
			d.Browser = b.name
			if v := majorVersion(ua[i+len(b.token):]); v != "" {
				d.Browser += " " + v
			}
			return d
		}
	}
	return d
}

func majorVersion(s string) string {
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	return s[:end]
}
