package report

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestReportIsSelfContainedAndEscapesWhatItShows(t *testing.T) {
	d := Data{Title: "week <48>", ReviewID: 3, StartedAt: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		ClosedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), ClosedBy: "Dana",
		ByCountry: NewChart("Sessions by country", map[string]int{"FR": 30, "US": 10, "": 2}, "unknown"),
		ByRule:    NewChart("Flags by rule", nil, "unknown"),
		Flagged: []Item{{Connection: "Acme", Username: `<script>alert("x")</script>`, Severity: "high",
			Flags: []Flag{{Rule: "impossible_travel", Severity: "high", Reason: "Paris → New York in 2 h"}}}},
		Actions: []Action{{Action: "signout.user", Reason: `"'><img src=x onerror=alert(1)>`}}}
	var b bytes.Buffer
	if err := Render(&b, d); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<script", "<img", "<link", "<iframe", `src="`, `href="`, "http://", "https://", "@import", "url("} {
		if strings.Contains(out, bad) {
			t.Errorf("the report holds %q: not escaped or not self-contained", bad)
		}
	}
	for _, want := range []string{"week &lt;48&gt;", "&lt;script&gt;", "Paris → New York in 2 h", "Signed off</b> by Dana",
		`<svg role="img" aria-label="Sessions by country"`, ">unknown</text>", "<p class=\"muted\">none</p>"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

func TestChartKeepsTheLargestBarsAndSumsTheRest(t *testing.T) {
	counts := map[string]int{}
	for i := range 20 {
		counts[string(rune('A'+i))] = i + 1
	}
	c := NewChart("x", counts, "?")
	if len(c.Bars) != MaxBars || c.Bars[0].Label != "T" || c.Bars[0].N != 20 || c.Bars[MaxBars-1].W != barMax {
		t.Fatalf("bars %+v", c.Bars[:2])
	}
	last := c.Bars[MaxBars-1]
	if want := (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9); last.Label != "others" || last.N != want {
		t.Errorf("others bar %+v, want %d", last, want)
	}
}
