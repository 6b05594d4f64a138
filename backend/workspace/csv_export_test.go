package workspace

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
)

// hostileExport is an AuthSession export whose text would run as formulas in a spreadsheet.
const hostileExport = `Id,UsersId,Users.Username,Users.Name,CreatedDate,LastModifiedDate,NumSecondsValid,SessionType,SourceIp,LoginGeo.City,LoginGeo.CountryIso,LoginGeo.Latitude,LoginGeo.Longitude
0Ak000000000001,0050001,"=HYPERLINK(""http://evil.example"",""x"")",+cmd,2026-05-04T08:00:00.000+0000,2026-05-04T09:00:00.000+0000,7200,UI,203.0.113.7,Montréal,CA,45.5,-73.6
0Ak000000000002,0050002,bob@example.com,@SUM(A1),2026-05-04T08:00:00Z,2026-05-04T09:30:00Z,7200,API,198.51.100.1,"-Kraków",PL,50.06,19.94
`

func TestSessionsCSVExport(t *testing.T) {
	ctx := context.Background()
	ws := open(t, secrets.NewMemory())
	file := filepath.Join(t.TempDir(), "hostile.csv")
	os.WriteFile(file, []byte(hostileExport), 0o600)
	asOf := time.Date(2026, 5, 4, 9, 45, 0, 0, time.UTC)
	if _, err := ws.ImportCSV(ctx, CSVImport{Kind: ImportKindSalesforceCSV, Name: "Org", File: file, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	q := session.Query{Sort: "username"}
	var plain bytes.Buffer
	n, err := ws.ExportSessionsCSV(ctx, q, &plain, CSVOptions{})
	if err != nil || n != 2 {
		t.Fatalf("export: %d %v", n, err)
	}
	recs, err := csv.NewReader(bytes.NewReader(plain.Bytes())).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("read back: %d records %v", len(recs), err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	byUser := map[string][]string{}
	for _, r := range recs[1:] {
		byUser[r[col["user_id"]]] = r
	}
	a, b := byUser["0050001"], byUser["0050002"]
	if a == nil || b == nil {
		t.Fatalf("rows: %v", recs)
	}
	checks := map[string][2]string{
		"formula username":   {a[col["username"]], `'=HYPERLINK("http://evil.example","x")`},
		"plus name":          {a[col["name"]], "'+cmd"},
		"at name":            {b[col["name"]], "'@SUM(A1)"},
		"minus city":         {b[col["city"]], "'-Kraków"},
		"negative longitude": {a[col["longitude"]], "-73.6"},
		"created_at":         {a[col["created_at"]], "2026-05-04T08:00:00Z"},
		"expires_at":         {b[col["expires_at"]], "2026-05-04T11:30:00Z"},
		"accented city":      {a[col["city"]], "Montréal"},
	}
	for what, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s: %q, want %q", what, c[0], c[1])
		}
	}

	var excel bytes.Buffer
	if _, err := ws.ExportSessionsCSV(ctx, q, &excel, CSVOptions{Excel: true, Separator: ';'}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(excel.Bytes(), []byte("\ufeffconnection;id;")) || !bytes.Contains(excel.Bytes(), []byte("\r\n")) {
		t.Errorf("excel export starts %q", excel.String()[:min(40, excel.Len())])
	}
	if _, err := ws.ExportSessionsCSV(ctx, q, &excel, CSVOptions{Separator: '\t'}); CodeOf(err) != session.CodeBadRequest {
		t.Errorf("tab separator: %v", err)
	}
	// A filtered view exports only its rows.
	var one bytes.Buffer
	if n, err := ws.ExportSessionsCSV(ctx, session.Query{Filter: session.Filter{SessionType: "API"}}, &one, CSVOptions{}); err != nil || n != 1 ||
		!strings.Contains(one.String(), "bob@example.com") {
		t.Errorf("filtered export: %d %v\n%s", n, err, one.String())
	}
}
