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
// Each trim costs the next lookups a few minor page faults (the top of each search tree); at
// 4096 the resident part of the files stays in the tens of megabytes at 1M sessions.
const trimEvery = 4096

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
