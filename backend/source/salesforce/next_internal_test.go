package salesforce

import "testing"

func TestNextRecordsURLIsCheckedBeforeTheTokenFollowsIt(t *testing.T) {
	seen := map[string]bool{}
	if err := checkNext("/services/data/v66.0/query/01g-2000", seen, 1, 5000); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		next        string
		page, total int
	}{
		{"/services/data/v66.0/query/01g-2000", 2, 5000}, // the same one again: a loop
		{"@evil.example/x", 2, 5000},                     // off the org's host: the token would leave
		{"//evil.example/services/data/x", 2, 5000},
		{"/services/data/../../id/x", 2, 5000},
		{"/services/data/v66.0/query/01g-4000", 9, 1000}, // more pages than the total allows
	} {
		if err := checkNext(tc.next, seen, tc.page, tc.total); err == nil {
			t.Errorf("%q on page %d of %d records was accepted", tc.next, tc.page, tc.total)
		}
	}
}
