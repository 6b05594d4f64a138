//go:build !unix

package geo

import (
	"io"
	"os"
)

// Elsewhere the file is read into memory (what the libraries fall back to as well).
func mapFile(f *os.File, size int) (*dbFile, error) {
	data := make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, err
	}
	return &dbFile{data: data, trim: func() {}, close: func() error { return nil }}, nil
}
