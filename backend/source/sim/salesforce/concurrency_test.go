package salesforcesim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentUse pages through queries while other goroutines delete sessions, mint
// tokens and read the control API (run with -race).
func TestConcurrentUse(t *testing.T) {
	e := newEnv(t, Config{Users: 300})
	_, recs, _ := e.queryAll("SELECT Id FROM AuthSession WHERE IsCurrent = false")
	var victims []string
	for _, r := range recs {
		victims = append(victims, r["Id"].(string))
	}
	get := func(path string) (int, []byte) {
		req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+e.token)
		req.Header.Set("Sforce-Query-Options", "batchSize=200")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return 0, nil
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			path := queryPath("SELECT Id, Users.Username, LoginGeo.City FROM AuthSession ORDER BY CreatedDate")
			seen := 0
			for {
				code, b := get(path)
				var p queryPage
				if code != 200 || json.Unmarshal(b, &p) != nil {
					t.Errorf("page: %d %.200s", code, b)
					return
				}
				seen += len(p.Records)
				if p.Done {
					if seen != p.TotalSize {
						t.Errorf("saw %d of %d", seen, p.TotalSize)
					}
					return
				}
				path = p.NextRecordsURL
			}
		})
	}
	for k := range 2 {
		wg.Go(func() {
			for i := k * 100; i+100 <= len(victims) && i < (k+1)*300; i += 200 {
				req, _ := http.NewRequest("DELETE", e.srv.URL+v+"/composite/sobjects?ids="+strings.Join(victims[i:i+100], ","), nil)
				req.Header.Set("Authorization", "Bearer "+e.token)
				resp, err := http.DefaultClient.Do(req)
				if err != nil || resp.StatusCode != 200 {
					t.Errorf("collection delete: %v %v", err, resp)
					return
				}
				resp.Body.Close()
			}
		})
	}
	wg.Go(func() {
		c := e.sim.Credentials()
		for range 10 {
			resp, err := http.PostForm(e.srv.URL+"/services/oauth2/token", url.Values{"grant_type": {"refresh_token"},
				"client_id": {c.ClientID}, "refresh_token": {c.RefreshToken}})
			if err != nil || resp.StatusCode != 200 {
				t.Errorf("grant: %v %v", err, resp)
				return
			}
			resp.Body.Close()
			_ = e.sim.ActiveSessionIDs()
			_ = e.sim.Stats()
			_ = e.sim.SessionCount()
		}
	})
	wg.Wait()
	if e.sim.SessionCount() >= len(recs) {
		t.Errorf("nothing deleted")
	}
}
