//go:build linux

package geo

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"sessionscope/backend/session"
)

// residentKB is the resident size of the mapping that starts at data, from /proc/self/smaps.
func residentKB(t *testing.T, data []byte) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps:", err)
	}
	defer f.Close()
	start := fmt.Sprintf("%x-", uintptr(unsafe.Pointer(&data[0])))
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if !strings.HasSuffix(fields[0], ":") { // a mapping's header line: "start-end perms …"
			in = strings.HasPrefix(fields[0], start)
			continue
		}
		if in && fields[0] == "Rss:" {
			kb, err := strconv.Atoi(fields[1])
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatalf("no mapping at %s in /proc/self/smaps", start)
	return 0
}

// Trimming lets go of the files' resident pages, and lookups after it answer as before.
func TestTrimDropsResidentPagesAndLookupsGoOn(t *testing.T) {
	e := openT(t, Config{CityDB: cityDB, DBIPv4: writeDBIP(t, 4, dbipV4Rows)})
	if len(e.files) != 2 {
		t.Fatalf("%d files held, want 2", len(e.files))
	}
	before := enrichOne(e, session.Session{SourceIP: "8.8.8.8"}).Geo
	if before.City != "Berlin" {
		t.Fatalf("8.8.8.8: %+v", before)
	}
	for _, f := range e.files {
		if kb := residentKB(t, f.data); kb == 0 {
			t.Fatalf("a file that was looked up in has no resident pages")
		}
		f.trim()
		if kb := residentKB(t, f.data); kb != 0 {
			t.Fatalf("%d kB still resident after the trim", kb)
		}
	}
	e.ipCache = newBoundedCache[netip.Addr, session.Geo](10) // forget the answer: ask the file again
	if after := enrichOne(e, session.Session{SourceIP: "8.8.8.8"}).Geo; after.City != before.City || after.Source != before.Source {
		t.Fatalf("after the trim: %+v, before it %+v", after, before)
	}
	if g := enrichOne(e, session.Session{SourceIP: "81.2.69.142"}).Geo; g.City != "London" {
		t.Fatalf("the City file after the trim: %+v", g)
	}
}

// The lookups themselves trim every trimEvery.
func TestLookupsTrimNowAndThen(t *testing.T) {
	e := openT(t, Config{DBIPv4: writeDBIP(t, 4, dbipV4Rows)})
	e.lookups.Store(trimEvery - 2)
	enrichOne(e, session.Session{SourceIP: "8.8.8.8"}) // lookup trimEvery-1: pages stay
	if residentKB(t, e.files[0].data) == 0 {
		t.Fatal("trimmed before trimEvery lookups")
	}
	enrichOne(e, session.Session{SourceIP: "8.8.4.4"}) // lookup trimEvery: trimmed once it is done
	if kb := residentKB(t, e.files[0].data); kb != 0 {
		t.Fatalf("%d kB resident after lookup number trimEvery", kb)
	}
}
