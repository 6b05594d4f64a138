package workspace

import (
	"os"
	"runtime/debug"
	"sync"
)

// goMemoryLimit is the soft limit on the Go heap of a process that holds a workspace, unless
// GOMEMLIMIT says otherwise. A refresh of a million sessions allocates in waves (pages being
// decoded, the rank build, the flag pass) whose garbage Go's default pacing lets reach twice the
// live heap before it collects: the second refresh of the 1M bench peaked with a 500 MB Go
// runtime holding ~250 MB live. With the limit the collector runs earlier as the heap nears it;
// live data above the limit still grows (a soft limit never fails an allocation), at the cost
// of more collection. Measured on the 1M scale bench, whose refreshes peak with 200-250 MB live:
// at 300 MB the collector took 2-3% of the refreshes' CPU; at 256 MB the live heap sat at the
// limit and the flag pass after the second refresh took about 1 s more CPU.
const goMemoryLimit = 300 << 20

var limitOnce sync.Once

// limitGoMemory sets the soft limit once per process, leaving an explicit GOMEMLIMIT alone.
func limitGoMemory() {
	limitOnce.Do(func() {
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(goMemoryLimit)
		}
	})
}
