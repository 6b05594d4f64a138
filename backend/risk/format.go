package risk

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Reasons are read by people: numbers get thousands separators, speeds three significant
// figures, durations the largest two units that matter.

// groupThousands writes n with commas: 10740 → "10,740".
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// km writes a distance rounded to the kilometre: "10,740 km".
func km(v float64) string { return groupThousands(int64(math.Round(v))) + " km" }

// speed writes a speed to three significant figures: 20787 → "20,800 km/h".
func speed(kmh float64) string {
	if kmh <= 0 || math.IsInf(kmh, 0) || math.IsNaN(kmh) {
		return "∞ km/h"
	}
	digits := int(math.Floor(math.Log10(kmh))) + 1
	scale := math.Pow(10, float64(max(digits-3, 0)))
	return groupThousands(int64(math.Round(kmh/scale)*scale)) + " km/h"
}

// span writes a time span for a reason: "40 s", "31 min", "3 h 5 min", "4 days 2 h", "122 days".
func span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int64(d/time.Second))
	case d < 2*time.Hour:
		return fmt.Sprintf("%d min", int64(d/time.Minute))
	case d < 48*time.Hour:
		h, m := int64(d/time.Hour), int64(d%time.Hour/time.Minute)
		if m == 0 {
			return fmt.Sprintf("%d h", h)
		}
		return fmt.Sprintf("%d h %d min", h, m)
	case d < 10*24*time.Hour:
		days, h := int64(d/(24*time.Hour)), int64(d%(24*time.Hour)/time.Hour)
		if h == 0 {
			return fmt.Sprintf("%d days", days)
		}
		return fmt.Sprintf("%d days %d h", days, h)
	}
	return fmt.Sprintf("%d days", int64(d/(24*time.Hour)))
}

// limit writes a policy duration for a reason: "at most 7 days".
func limit(d time.Duration) string { return "at most " + span(d) }

// listNames writes "A", "A and B", "A, B and C", "A, B, C and 2 more".
func listNames(names []string) string {
	switch n := len(names); {
	case n == 0:
		return ""
	case n == 1:
		return names[0]
	case n <= 3:
		return strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	default:
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", n-3)
	}
}

// plural writes "1 session", "6 sessions".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
