package geo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// A database file the readers look up in. On Unix it is mapped into memory, as the libraries
// would map it themselves, but held here so that its resident pages can be let go: a refresh of
// a million sessions looks up addresses all over the files (~130 MB for DB-IP's two), and
// every page it touched stayed in the process's resident memory until exit, counted in what a
// user sees it use. Dropping the mapping's pages (madvise DONTNEED) leaves them in the kernel's
// page cache: the next lookup that needs one maps it again without reading the disk.

// trimEvery is how many database lookups pass between two trims of the files' resident pages.
// Each trim costs the next lookups a few minor page faults (the top of each search tree).
// Measured with 200k lookups of random addresses in the 63 MB city file: left alone, 61 MB of it
// stayed resident (0.56 s); trimmed every 4096 lookups ~60 MB, every 1024 49 MB, every 256 30 MB
// (1.25 s, about 3 µs a lookup more), every 128 21 MB (1.56 s). 256 halves what the files hold
// for a small cost next to the refresh's own ~85 µs a session. (MADV_RANDOM changed nothing.)
const trimEvery = 256

type dbFile struct {
	data  []byte
	trim  func() // drops the resident pages (a no-op where the file was read into memory)
	close func() error
}

func openFile(path string) (*dbFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if size == 0 {
		return nil, fmt.Errorf("%s is empty", filepath.Base(path))
	}
	if int64(int(size)) != size {
		return nil, errors.New("file too large")
	}
	return mapFile(f, int(size))
}
