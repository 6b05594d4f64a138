package bundle

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCheck: whatever the bytes, Check either accepts them (then only as the bundle the seed
// was, or one signed anew) or refuses them with an *Error and leaves no copy behind. Seeds: a
// real bundle, cut short, and with its seal damaged.
func FuzzCheck(f *testing.F) {
	src, snaps := source(f)
	dest := filepath.Join(f.TempDir(), "seed.ssbundle")
	if _, err := Write(context.Background(), Request{Source: src, Dest: dest, SnapshotIDs: snaps[:1], Key: newKey(f)}); err != nil {
		f.Fatal(err)
	}
	valid, err := os.ReadFile(dest)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add(valid[:len(valid)-sealSize])
	f.Add(append(append([]byte{}, valid[:len(valid)-1]...), 'X'))
	f.Add([]byte("SQLite format 3\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		file, dst := filepath.Join(dir, "in"), filepath.Join(dir, "copy.db")
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Check(context.Background(), file, dst, 0)
		if err == nil {
			return
		}
		var be *Error
		if !errors.As(err, &be) || be.Code == "" || be.Problem == "" {
			t.Fatalf("a refusal without a code: %v", err)
		}
		if _, statErr := os.Stat(dst); statErr == nil {
			t.Fatal("a refused file left its copy")
		}
	})
}
