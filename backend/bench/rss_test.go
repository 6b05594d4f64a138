package bench

import (
	"bufio"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"
)

// procStatus reads the kB figures of a /proc/<pid>/status file (VmRSS, VmHWM, RssAnon, …).
func procStatus(path string) (map[string]int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(v)
		if len(fields) == 2 && fields[1] == "kB" {
			if n, err := strconv.ParseInt(fields[0], 10, 64); err == nil {
				out[k] = n
			}
		}
	}
	return out, sc.Err()
}

// resetPeakRSS starts a new peak-RSS measurement of this process: "5" in clear_refs resets
// VmHWM to the current RSS (Linux ≥ 4.0). It reports whether that worked; if not, VmHWM stays
// the peak since the process started.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// rssSampler records the largest anonymous and file-backed parts of this process's resident
// set while it runs (VmHWM has only their sum): file-backed pages are memory-mapped files
// (SQLite's mmap, the GeoIP databases), anonymous ones the Go heap and SQLite's page caches.
type rssSampler struct {
	mu                    sync.Mutex
	stopc                 chan struct{}
	done                  sync.WaitGroup
	maxAnon, maxFile, max int64   // kB
	maxGo, maxHeap        uint64  // bytes: all memory the Go runtime holds from the OS, and live heap objects
	profile               string  // when set, a heap profile is written there at each new peak of the Go heap
	profiled              uint64  // the heap when it was last written
	gc0, cpu0             float64 // the collector's and the process's CPU seconds when sampling started
}

// gcSeconds is the CPU the Go collector has used in this process (runtime/metrics' estimate).
func gcSeconds() float64 {
	m := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(m)
	if m[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return m[0].Value.Float64()
}

// gcShare is the CPU the collector used since sampling started, and the process's CPU in all, in
// seconds: how much of a measurement the Go memory limit's extra collection costs.
func (s *rssSampler) gcShare() (gc, cpu float64) {
	return gcSeconds() - s.gc0, cpuTime().Seconds() - s.cpu0
}

// profileHeap makes the sampler write a heap profile to BENCH_HEAP_PROFILE-name.pprof (when that
// variable is set) each time the live heap grows by a tenth past the last one written: the
// profile left is the one nearest the peak, for `go tool pprof`.
func (s *rssSampler) profileHeap(name string) {
	if p := os.Getenv("BENCH_HEAP_PROFILE"); p != "" {
		s.mu.Lock()
		s.profile = p + "-" + name + ".pprof"
		s.mu.Unlock()
	}
}

func startRSSSampler(every time.Duration) *rssSampler {
	s := &rssSampler{stopc: make(chan struct{}), gc0: gcSeconds(), cpu0: cpuTime().Seconds()}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			s.sample()
			select {
			case <-s.stopc:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *rssSampler) sample() {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := procStatus("/proc/self/status")
	if err != nil {
		return
	}
	s.maxAnon = max(s.maxAnon, st["RssAnon"])
	s.maxFile = max(s.maxFile, st["RssFile"]+st["RssShmem"])
	s.max = max(s.max, st["VmRSS"])
	m := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(m)
	s.maxGo = max(s.maxGo, m[0].Value.Uint64()-m[2].Value.Uint64())
	s.maxHeap = max(s.maxHeap, m[1].Value.Uint64())
	if heap := m[1].Value.Uint64(); s.profile != "" && heap > s.profiled+s.profiled/10 {
		if f, err := os.Create(s.profile); err == nil {
			pprof.WriteHeapProfile(f)
			f.Close()
			s.profiled = heap
		}
	}
}

// goMemory is the largest sampled memory of the Go runtime (less what it gave back to the OS)
// and of its heap objects, in MB: the rest of the anonymous part is SQLite's (its page caches
// and allocations live outside the Go heap in modernc.org/sqlite).
func (s *rssSampler) goMemory() (runtime, heap float64) {
	return float64(s.maxGo) / (1 << 20), float64(s.maxHeap) / (1 << 20)
}

// stop ends sampling and returns VmHWM with the sampled maxima, in MB.
func (s *rssSampler) stop() (hwm, anon, file float64) {
	close(s.stopc)
	s.done.Wait()
	s.sample()
	st, _ := procStatus("/proc/self/status")
	return float64(st["VmHWM"]) / 1024, float64(s.maxAnon) / 1024, float64(s.maxFile) / 1024
}
