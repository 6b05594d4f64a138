package workspace

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
)

// dataLoaderFields is the SELECT list an admin gives Data Loader: the connector's list query.
var dataLoaderFields = strings.Split("Id,ParentId,UsersId,Users.Username,Users.Name,UserType,CreatedDate,"+
	"LastModifiedDate,NumSecondsValid,SessionType,LoginType,SessionSecurityLevel,SourceIp,IsCurrent,"+
	"LoginHistory.Browser,LoginHistory.Platform,LoginHistory.Application,LoginGeo.City,LoginGeo.Subdivision,"+
	"LoginGeo.Country,LoginGeo.CountryIso,LoginGeo.PostalCode,LoginGeo.Latitude,LoginGeo.Longitude", ",")

// dataLoaderExport does what Data Loader does: signs in, runs the SOQL query over HTTP, follows
// nextRecordsUrl, and writes one column per selected field, relationship fields dotted.
func dataLoaderExport(t *testing.T, sim *sfsim.Server, base, file string) {
	t.Helper()
	cred := sim.Credentials()
	resp, err := http.PostForm(base+"/services/oauth2/token", url.Values{"grant_type": {"refresh_token"},
		"client_id": {cred.ClientID}, "refresh_token": {cred.RefreshToken}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write(dataLoaderFields)
	next := "/services/data/v66.0/query?q=" + url.QueryEscape("SELECT "+strings.Join(dataLoaderFields, ", ")+" FROM AuthSession")
	for pages := 0; next != "" && pages < 100; pages++ {
		req, _ := http.NewRequest(http.MethodGet, base+next, nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			NextRecordsURL string           `json:"nextRecordsUrl"`
			Records        []map[string]any `json:"records"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for _, r := range page.Records {
			row := make([]string, len(dataLoaderFields))
			for i, field := range dataLoaderFields {
				v := any(r)
				for _, part := range strings.Split(field, ".") {
					m, _ := v.(map[string]any)
					v = m[part]
				}
				switch x := v.(type) {
				case string:
					row[i] = x
				case float64:
					row[i] = strconv.FormatFloat(x, 'f', -1, 64)
				case bool:
					row[i] = strconv.FormatBool(x)
				}
			}
			w.Write(row)
		}
		next = page.NextRecordsURL
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
}

// Importing a Data Loader export of a simulated org gives the sessions the API refresh of the
// same org gives, field for field, with the same places and the same flags.
func TestImportedAuthSessionExportMatchesTheAPIRefresh(t *testing.T) {
	ctx := context.Background()
	sim := sfsim.New(sfsim.Config{Users: 150, Seed: 9})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	file := filepath.Join(t.TempDir(), "AuthSession.csv")
	dataLoaderExport(t, sim, base, file) // first: Data Loader's own sign-in is then in both

	ws := open(t, secrets.NewMemory())
	api, err := ws.AddConnection(ctx, NewConnection{Kind: salesforce.Kind, Name: "API", URL: base,
		Options: map[string]string{salesforce.OptClientID: sim.Credentials().ClientID},
		Secrets: map[string]string{salesforce.SecretRefresh: sim.Credentials().RefreshToken}})
	if err != nil {
		t.Fatal(err)
	}
	refresh(t, ws, api.ID)
	res, err := ws.ImportCSV(ctx, CSVImport{Kind: ImportKindSalesforceCSV, Name: "Imported", File: file})
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Skipped != 0 || res.Report.Imported < 100 {
		t.Fatalf("report %+v", res.Report)
	}
	rowsOf := func(id int64) map[string]session.Session {
		out := map[string]session.Session{}
		ws.Each(ctx, session.Query{Filter: session.Filter{ConnectionIDs: []int64{id}}, Sort: "username"}, func(r Row) error {
			s := r.Session
			s.ConnectionID, s.Raw = 0, nil
			out[s.ID] = s
			return nil
		})
		return out
	}
	fromAPI, fromCSV := rowsOf(api.ID), rowsOf(res.Connection.ID)
	admin := sim.AdminUsername()
	for id, s := range fromAPI {
		c, ok := fromCSV[id]
		switch {
		case !ok && s.IsCurrent: // the app's own sign-in, made after the export
		case !ok:
			t.Errorf("session %s of the API refresh is not in the import", id)
		case s.Username == admin: // the admin's sessions move with each sign-in
		default:
			c.IsCurrent = s.IsCurrent // relative to who asked
			if a, b := jsonOf(s), jsonOf(c); a != b {
				t.Errorf("session %s differs:\n api %s\n csv %s", id, a, b)
			}
		}
	}
	for id := range fromCSV {
		if _, ok := fromAPI[id]; !ok {
			t.Errorf("imported session %s is not in the API refresh (expires %s)", id, fromCSV[id].ExpiresAt)
		}
	}
	flagsOf := func(id int64) []RuleCount {
		fc, err := ws.FlagCounts(ctx, []int64{id})
		if err != nil || len(fc) != 1 {
			t.Fatalf("flag counts: %+v %v", fc, err)
		}
		return fc[0].Rules
	}
	if a, c := jsonOf(flagsOf(api.ID)), jsonOf(flagsOf(res.Connection.ID)); a != c {
		t.Errorf("flags differ:\n api %s\n csv %s", a, c)
	}
	// An offline connection has no server: refresh all leaves it out, naming it fails clearly.
	if _, err := ws.Client(ctx, res.Connection); CodeOf(err) != session.CodeNotSupported {
		t.Errorf("client of an imported connection: %v", err)
	}
	if got, err := ws.Refresh(ctx, nil, func(Progress) {}); err != nil || len(got) != 1 || got[0].ConnectionID != api.ID {
		t.Errorf("refresh all: %+v %v", got, err)
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestAFileThatIsNoExportImportsNothing(t *testing.T) {
	ctx := context.Background()
	ws := open(t, secrets.NewMemory())
	dir := t.TempDir()
	for name, body := range map[string]string{
		"contacts.csv": "Name,Email\nJane,jane@example.com\n",
		"allbad.csv":   "Id,UsersId,CreatedDate\n0Ak1,005,yesterday\n",
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		_, err := ws.ImportCSV(ctx, CSVImport{Kind: ImportKindSalesforceCSV, Name: name, File: p})
		if CodeOf(err) != session.CodeBadImport {
			t.Errorf("%s: %q %v", name, CodeOf(err), err)
		}
	}
	if conns, _ := ws.Connections(ctx); len(conns) != 0 {
		t.Errorf("a failed import left connections: %+v", conns)
	}
	if _, err := ws.ImportCSV(ctx, CSVImport{Kind: "okta-csv", Name: "x", File: "y"}); CodeOf(err) != session.CodeBadRequest {
		t.Errorf("unknown kind: %v", err)
	}
}
