// Package report renders the review report an auditor reads: one self-contained HTML file
// (no script, no external style sheet, font or image; the charts are inline SVG), so it opens
// offline, prints the same everywhere and can be archived as it is. The data comes from the
// workspace (a review, its snapshots, flagged sessions with their decisions, the audit's
// actions); this package only lays it out. html/template escapes every value: a username
// like "<script>" shows as text.
//
// Who may import it: backend/workspace only (tests aside).
package report

import (
	_ "embed"
	"html/template"
	"io"
	"sort"
	"time"
)

//go:embed report.html.tmpl
var page string

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"pct": func(part, whole int) int {
		if whole == 0 {
			return 0
		}
		return part * 100 / whole
	},
}).Parse(page))

// Data is everything the report shows.
type Data struct {
	Title       string
	ReviewID    int64
	StartedAt   time.Time
	StartedBy   string
	ClosedAt    time.Time // zero: not signed off yet
	ClosedBy    string    // the reviewer who signed it off
	GeneratedAt time.Time
	GeneratedBy string
	Source      string // where the data came from: a workspace, or a bundle and its signer

	Orgs     []Org
	Sessions int // in the reviewed snapshots
	Items    int // flagged sessions reviewed
	Reviewed int // of them, those with every flag decided
	Decided  []Count

	ByCountry Chart
	ByType    Chart
	ByRule    Chart

	Flagged []Item
	Actions []Action
}

// Org is one connection's reviewed snapshot.
type Org struct {
	Name       string
	SnapshotAt time.Time
	Sessions   int
}

// Count is one labelled number.
type Count struct {
	Label string
	N     int
}

// Chart is a horizontal bar chart, laid out for SVG.
type Chart struct {
	Title  string
	Bars   []Bar
	Height int
	Empty  string // shown instead of bars when there are none
}

// Bar is one bar of a chart.
type Bar struct {
	Label string
	N     int
	Y     int // top, in SVG units
	W     int // width of the bar, out of barMax
	TextY int
}

// Item is one flagged session with its flags and decisions.
type Item struct {
	Connection string
	Username   string
	SessionID  string // shortened when it is a bearer credential
	Severity   string
	Decision   string
	Note       string
	MarkedBy   string
	MarkedAt   time.Time
	Flags      []Flag
}

// Flag is one flag of an item and its own decision.
type Flag struct {
	Rule     string
	Severity string
	Reason   string
	Decision string
	Note     string
}

// Action is one action the audit trail holds for the review's period.
type Action struct {
	At         time.Time
	Actor      string
	Action     string
	Connection string
	Target     string
	Reason     string
	Result     string
}

// Chart geometry, in SVG units.
const (
	barHeight = 18
	barGap    = 6
	barMax    = 320
)

// MaxBars is how many bars a chart shows; the rest are summed into "others".
const MaxBars = 12

// NewChart lays out counts as bars, largest first, the smallest beyond MaxBars summed into one
// "others" bar. unknown names the empty label.
func NewChart(title string, counts map[string]int, unknown string) Chart {
	var cs []Count
	for k, n := range counts {
		if k == "" {
			k = unknown
		}
		cs = append(cs, Count{k, n})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].N != cs[j].N {
			return cs[i].N > cs[j].N
		}
		return cs[i].Label < cs[j].Label
	})
	if len(cs) > MaxBars {
		rest := 0
		for _, c := range cs[MaxBars-1:] {
			rest += c.N
		}
		cs = append(cs[:MaxBars-1], Count{"others", rest})
	}
	c := Chart{Title: title, Empty: "none"}
	max := 0
	for _, x := range cs {
		max = maxInt(max, x.N)
	}
	for i, x := range cs {
		y := i * (barHeight + barGap)
		w := 0
		if max > 0 {
			w = maxInt(1, x.N*barMax/max)
		}
		c.Bars = append(c.Bars, Bar{Label: shorten(x.Label, 22), N: x.N, Y: y, W: w, TextY: y + barHeight - 5})
	}
	c.Height = len(c.Bars)*(barHeight+barGap) + barGap
	return c
}

// shorten keeps a label to n characters, so it fits beside its bar.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// Render writes the report as one HTML document.
func Render(w io.Writer, d Data) error { return tmpl.Execute(w, d) }
