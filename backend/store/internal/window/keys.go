package window

import (
	"fmt"
	"strconv"
	"strings"
)

// resultKey names one result: the generation the query started in, its snapshots, sort column
// and filter.
func resultKey(snaps []Snapshot, col, where string, args []any) string {
	var b strings.Builder
	if len(snaps) > 0 {
		fmt.Fprintf(&b, "g%d:", snaps[0].Gen)
	}
	for _, sn := range snaps {
		fmt.Fprintf(&b, "%d,", sn.ID)
	}
	fmt.Fprintf(&b, "|%s|%s|%s", col, where, argsKey(args))
	return b.String()
}

// countKey names the number of rows of one snapshot matching one filter.
func countKey(sn Snapshot, where string, args []any) string {
	return fmt.Sprintf("g%d:%d|%s|%s", sn.Gen, sn.ID, where, argsKey(args))
}

// argsKey spells a filter's arguments so that different values never read the same: each with
// its type, text quoted, bytes in hex.
func argsKey(args []any) string {
	var b strings.Builder
	for _, a := range args {
		switch v := a.(type) {
		case string:
			b.WriteString(strconv.Quote(v))
		case []byte:
			fmt.Fprintf(&b, "x%x", v)
		default:
			fmt.Fprintf(&b, "%T:%v", v, v)
		}
		b.WriteByte(',')
	}
	return b.String()
}

// ArgsKey is argsKey for the store's own caches (the Flagged view's), so one spelling of filter
// arguments serves every cache key.
func ArgsKey(args []any) string { return argsKey(args) }
