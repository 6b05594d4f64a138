package salesforcesim

import "testing"

func TestIDChecksum(t *testing.T) {
	// Documented conversions of 15-character ids to their 18-character form.
	for in, want := range map[string]string{
		"a0D30000001n7Pi": "a0D30000001n7PiEAI",
		"0015000000Gv7qJ": "0015000000Gv7qJAAR",
		"000000000000000": "000000000000000AAA",
		"AAAAAAAAAAAAAAA": "AAAAAAAAAAAAAAA555",
	} {
		if got := to18(in); got != want {
			t.Errorf("to18(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestNormalizeID(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"a0D30000001n7Pi", "a0D30000001n7Pi", true},
		{"a0D30000001n7PiEAI", "a0D30000001n7Pi", true},
		{"A0D30000001N7PIEAI", "a0D30000001n7Pi", true}, // case-mangled 18-char id is recovered
		{"a0d30000001n7pieai", "a0D30000001n7Pi", true},
		{"0015000000Gv7qJABR", "", false},               // suffix marks a digit as upper-case
		{"0015000000Gv7qJAAB", "0015000000Gv7qj", true}, // a wrong suffix names another id
		{"a0D30000001n7P", "", false},
		{"a0D30000001n7Pi-AI", "", false},
		{"", "", false},
	} {
		got, ok := normalizeID(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("normalizeID(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestIDSpaceRoundTrip(t *testing.T) {
	ids := newIDSpaces(42)
	prev := ""
	for i := 0; i < 5000; i++ {
		id := ids.session.id18(i)
		if len(id) != 18 || id[:3] != "0Ak" || to18(id[:15]) != id {
			t.Fatalf("bad id %q", id)
		}
		if id <= prev {
			t.Fatalf("ids not increasing: %s then %s", prev, id)
		}
		prev = id
		n, _ := normalizeID(id)
		got, ok := ids.session.index(n)
		if !ok || got != i {
			t.Fatalf("index(%s) = %d, %v; want %d", id, got, ok, i)
		}
		if _, ok := ids.user.index(n); ok {
			t.Fatalf("session id %s decoded as a user id", id)
		}
	}
	// Counters between issued ones decode to nothing.
	n, _ := normalizeID(ids.session.id18(7))
	b := []byte(n)
	b[14]++
	if i, ok := ids.session.index(string(b)); ok && i == 7 {
		t.Fatalf("neighbouring counter decoded to record 7")
	}
}
