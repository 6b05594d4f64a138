package window

import (
	"bytes"
	"cmp"
)

func compareKeyed(a, b keyedRow) int {
	return cmp.Or(compareSQL(a.k, b.k), cmp.Compare(a.id, b.id))
}

// compareSQL orders values as SQLite does with the BINARY collation: NULL, then numbers, then
// text (bytewise), then blobs.
func compareSQL(a, b any) int {
	class := func(v any) int {
		switch v.(type) {
		case nil:
			return 0
		case int64, float64:
			return 1
		case string:
			return 2
		default:
			return 3
		}
	}
	if ca, cb := class(a), class(b); ca != cb {
		return cmp.Compare(ca, cb)
	}
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			return cmp.Compare(x, y)
		}
		return cmp.Compare(float64(x), b.(float64))
	case float64:
		if y, ok := b.(int64); ok {
			return cmp.Compare(x, float64(y))
		}
		return cmp.Compare(x, b.(float64))
	case string:
		return cmp.Compare(x, b.(string))
	case []byte:
		return bytes.Compare(x, b.([]byte))
	}
	return 0
}
