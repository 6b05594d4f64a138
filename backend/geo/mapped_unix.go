//go:build unix

package geo

import (
	"os"

	"golang.org/x/sys/unix"
)

func mapFile(f *os.File, size int) (*dbFile, error) {
	data, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	return &dbFile{
		data: data,
		// The mapping is read-only and shared: its contents come back from the file.
		trim:  func() { _ = unix.Madvise(data, unix.MADV_DONTNEED) },
		close: func() error { return unix.Munmap(data) },
	}, nil
}
