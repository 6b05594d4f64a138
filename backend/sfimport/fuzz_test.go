package sfimport

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sessionscope/backend/session"
)

// FuzzRead: any input either is refused as a whole (*Error) or gives a report that adds up,
// and every session it yields has an id and coordinates in range. The fixtures are the seeds.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Id;UsersId\n\"unterminated;x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		rep, err := Read(strings.NewReader(string(data)), func(s session.Session) error {
			n++
			if s.ID == "" {
				t.Fatal("a session without an id")
			}
			if la := s.Geo.Latitude; la != nil && (*la < -90 || *la > 90) {
				t.Fatalf("latitude %v", *la)
			}
			return nil
		})
		var ie *Error
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("an error that is no refusal: %v", err)
		}
		if err == nil && (rep.Imported != n || rep.Rows != rep.Imported+rep.Skipped) {
			t.Fatalf("report %+v, %d sessions", rep, n)
		}
	})
}

func TestAnEndlessCellIsRefusedNotRead(t *testing.T) {
	big := "Id,UsersId\n\"" + strings.Repeat("a\n", maxRecord) + "\",x\n"
	_, err := Read(strings.NewReader(big), func(session.Session) error { return nil })
	var ie *Error
	if !errors.As(err, &ie) || !strings.Contains(ie.Msg, "longer than") {
		t.Fatalf("got %v", err)
	}
}
