package window

import (
	"fmt"
	"testing"
)

func TestAnchorsNearestAroundAWindow(t *testing.T) {
	c := newAnchorCache()
	c.add("k", anchor{pos: 10, id: 1}, anchor{pos: 50, id: 2}, anchor{pos: 90, id: 3}, anchor{pos: 50, id: 9})
	before, after := c.nearest("k", 50, 60)
	if before == nil || before.pos != 10 || after == nil || after.pos != 90 {
		t.Fatalf("nearest(50, 60) = %v, %v; want 10 and 90", before, after)
	}
	if before, after = c.nearest("k", 5, 95); before != nil || after != nil {
		t.Fatalf("nearest(5, 95) = %v, %v; want none", before, after)
	}
	if b, _ := c.nearest("k", 51, 52); b.id != 2 {
		t.Fatalf("an anchor already known was replaced: %+v", b)
	}
}

// The least recently used set goes first, and takes its warm-up mark with it.
func TestAnchorSetsAreBounded(t *testing.T) {
	c := newAnchorCache()
	for i := range anchorSets {
		c.add(fmt.Sprint(i), anchor{pos: 1})
	}
	c.warmed["0"], c.warmed["1"] = true, true
	c.add("0", anchor{pos: 2}) // used again: "1" is now the oldest
	c.add("new", anchor{pos: 1})
	if _, ok := c.sets["1"]; ok || c.warmed["1"] {
		t.Fatal("the least recently used set was kept")
	}
	if _, ok := c.sets["0"]; !ok || !c.warmed["0"] {
		t.Fatal("a recently used set was dropped")
	}
}

func TestWholeResultsStayWithinTheirBound(t *testing.T) {
	c := newAnchorCache()
	big := make([]int64, wholeIDs/2)
	if !c.keepSorted("a", big) || !c.keepSorted("b", big) {
		t.Fatal("a result within the bound was refused")
	}
	if c.keepSorted("huge", make([]int64, wholeIDs/2+1)) {
		t.Fatal("a result over half the bound was kept")
	}
	c.keepSorted("c", []int64{1, 2, 3})
	if _, ok := c.sorted("a", 0, 1); ok {
		t.Fatal("the oldest result was not dropped to make room")
	}
	if got, ok := c.sorted("c", 1, 10); !ok || len(got) != 2 || got[0] != 2 {
		t.Fatalf("slice of a kept result = %v, %v", got, ok)
	}
	if c.ids > wholeIDs {
		t.Fatalf("%d ids kept, bound %d", c.ids, wholeIDs)
	}
}

// Different filter values never share a name, whatever their type.
func TestArgsKeyTellsValuesApart(t *testing.T) {
	seen := map[string][]any{}
	for _, args := range [][]any{{"1"}, {int64(1)}, {1.0}, {[]byte("1")}, {"a,b"}, {"a", "b"}, {`"a"`}, {nil}, {""}} {
		k := argsKey(args)
		if prev, ok := seen[k]; ok {
			t.Fatalf("%v and %v both read %q", prev, args, k)
		}
		seen[k] = args
	}
}
