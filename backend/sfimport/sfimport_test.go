package sfimport

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/session"
)

func readFixture(t *testing.T, name string) ([]session.Session, Report) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []session.Session
	rep, err := Read(f, func(s session.Session) error { got = append(got, s); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != len(got) || rep.Rows != rep.Imported+rep.Skipped || len(rep.Problems) != rep.Skipped {
		t.Fatalf("report does not add up: %+v, %d sessions", rep, len(got))
	}
	return got, rep
}

func byID(ss []session.Session) map[string]session.Session {
	m := map[string]session.Session{}
	for _, s := range ss {
		m[s.ID] = s
	}
	return m
}

// reasons lists the skipped rows as "line: reason".
func reasons(rep Report) string {
	var b strings.Builder
	for _, p := range rep.Problems {
		b.WriteString(strconv.Itoa(p.Line) + ": " + p.Reason + "\n")
	}
	return b.String()
}

func TestDataLoaderAuthSessionExport(t *testing.T) {
	got, rep := readFixture(t, "authsession_dataloader.csv")
	if rep.Kind != KindAuthSession || rep.Separator != "," || rep.Rows != 6 || rep.Imported != 3 {
		t.Fatalf("report %+v\n%s", rep, reasons(rep))
	}
	r := reasons(rep)
	if !strings.Contains(r, `5: LoginGeo.Latitude "north" is not a coordinate`) {
		t.Errorf("the malformed latitude is not reported on its line:\n%s", r)
	}
	if !strings.Contains(r, `6: CreatedDate "yesterday" is not a date and time`) {
		t.Errorf("the malformed date is not reported on its line:\n%s", r)
	}
	if !strings.Contains(r, `7: LoginGeo.Latitude "95.5" is not a coordinate`) {
		t.Errorf("the latitude out of range is not reported:\n%s", r)
	}
	m := byID(got)
	jane := m["0Ak5e00000AbCdEFGH"]
	if jane.Username != "jane@example.com" || jane.UserName != "Jane Doe" || jane.ParentID != "" ||
		!jane.CreatedAt.Equal(time.Date(2026, 5, 4, 8, 12, 55, 0, time.UTC)) ||
		!jane.ExpiresAt.Equal(time.Date(2026, 5, 4, 11, 40, 2, 0, time.UTC)) || jane.SourceIP != "203.0.113.7" ||
		jane.Geo.City != "Lyon" || jane.Geo.CountryCode != "FR" || *jane.Geo.Latitude != 45.75 || jane.Geo.Source != "server" ||
		jane.Device.Browser != "Chrome 124" || jane.SecurityLevel != "STANDARD" {
		t.Errorf("jane: %+v", jane)
	}
	child := m["0Ak5e00000AbCdEFGI"]
	if child.ParentID != "0Ak5e00000AbCdEFGH" || child.Geo != (session.Geo{}) {
		t.Errorf("child session: parent %q geo %+v", child.ParentID, child.Geo)
	}
	etl := m["0Ak5e00000AbCdEFGJ"]
	if etl.SourceIP != "" || !etl.IsCurrent || etl.UserName != "ETL, Nightly" {
		t.Errorf("Salesforce.com IP must become no IP: %+v", etl)
	}
	if v6 := m["0Ak5e00000AbCdEFGK"]; v6.ID != "" {
		t.Errorf("a row with a malformed coordinate was imported: %+v", v6)
	}
	if !strings.Contains(string(jane.Raw), `"Users.Username":"jane@example.com"`) {
		t.Errorf("raw record: %s", jane.Raw)
	}
}

func TestUpperCaseSemicolonExportWithBOM(t *testing.T) {
	got, rep := readFixture(t, "authsession_upper_semicolon.csv")
	if rep.Kind != KindAuthSession || rep.Separator != ";" || rep.Imported != 2 || rep.Skipped != 2 {
		t.Fatalf("report %+v\n%s", rep, reasons(rep))
	}
	r := reasons(rep)
	if !strings.Contains(r, `4: NUMSECONDSVALID "nine hundred" is not a number of seconds`) {
		t.Errorf("malformed NumSecondsValid not reported:\n%s", r)
	}
	if !strings.Contains(r, "5: 4 cells, the header has 18") {
		t.Errorf("short row not reported:\n%s", r)
	}
	m := byID(got)
	jane := m["0Ak5e00000AbCdEFGH"]
	if jane.ID == "" || !jane.LastActiveAt.Equal(time.Date(2026, 5, 4, 9, 40, 2, 0, time.UTC)) || jane.Geo.City != "Lyon" {
		t.Errorf("jane (Z dates, upper-case headers, BOM): %+v", jane)
	}
	ops := m["0Ak5e00000AbCdEFGN"]
	if ops.Username != "ops;team@example.com" || !ops.IsCurrent || ops.ExpiresAt.Sub(ops.LastActiveAt) != 15*time.Minute {
		t.Errorf("ops (quoted separator, +00:00 dates, TRUE): %+v", ops)
	}
}

func TestLoginHistoryExport(t *testing.T) {
	got, rep := readFixture(t, "loginhistory.csv")
	if rep.Kind != KindLoginHistory || rep.Imported != 2 || rep.Skipped != 1 ||
		!strings.Contains(reasons(rep), `3: a failed login (status "Invalid Password") is no session`) {
		t.Fatalf("report %+v\n%s", rep, reasons(rep))
	}
	m := byID(got)
	if s := m["0Ya5e0000001AAA"]; s.UserID != "0055e000001XyZaAAK" || s.Geo.CountryCode != "FR" ||
		!s.CreatedAt.Equal(s.LastActiveAt) || s.Device.Browser != "Chrome 124" {
		t.Errorf("login: %+v", s)
	}
	if s := m["0Ya5e0000001AAC"]; s.SourceIP != "" || s.Device.Application != "Data Loader" {
		t.Errorf("API login: %+v", s)
	}
}

func TestEventLogLoginFile(t *testing.T) {
	got, rep := readFixture(t, "eventlog_login.csv")
	if rep.Kind != KindLoginEvents || rep.Imported != 1 || rep.Skipped != 2 {
		t.Fatalf("report %+v\n%s", rep, reasons(rep))
	}
	if s := got[0]; !s.CreatedAt.Equal(time.Date(2026, 5, 4, 8, 12, 55, 123e6, time.UTC)) || s.Username != "jane@example.com" {
		t.Errorf("event: %+v", s)
	}
	if !strings.Contains(reasons(rep), `4: TIMESTAMP "2026-05-04 25:00" is not a date and time`) {
		t.Errorf("malformed event time:\n%s", reasons(rep))
	}
}

func TestFilesThatAreNoExport(t *testing.T) {
	for name, body := range map[string]string{
		"empty":   "",
		"blank":   "\n\n",
		"columns": "Name,Email\nJane,jane@example.com\n",
	} {
		_, err := Read(strings.NewReader(body), func(session.Session) error { return nil })
		var ie *Error
		if !errors.As(err, &ie) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
