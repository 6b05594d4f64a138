package workspace

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"sessionscope/backend/jobs"
	"sessionscope/backend/secrets"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
)

// scriptedBrowser plays the user's browser: it loads the authorization page (the simulator
// signs the admin in and approves), then follows the redirect to the app's loopback listener.
type scriptedBrowser struct {
	tamper func(u *url.URL) // changes the redirect before it is followed (attack tests)
	seen   string
}

func (b *scriptedBrowser) Open(ctx context.Context, authURL string) error {
	b.seen = authURL
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return fmt.Errorf("authorize answered %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		return err
	}
	if b.tamper != nil {
		b.tamper(loc)
	}
	go func() { // the redirect lands in the app's listener
		if r, err := http.Get(loc.String()); err == nil {
			r.Body.Close()
		}
	}()
	return nil
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func signInFixture(t *testing.T) (*Workspace, *sfsim.Server, int64) {
	port := freePort(t)
	sim := sfsim.New(sfsim.Config{Users: 60, Seed: 4,
		CallbackURLs: []string{"http://localhost:" + strconv.Itoa(port) + "/OauthRedirect"}})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	ws := open(t, secrets.NewMemory())
	c, err := ws.AddConnection(context.Background(), NewConnection{Kind: salesforce.Kind, Name: "Acme", URL: base,
		Options: map[string]string{salesforce.OptClientID: sim.Credentials().ClientID,
			salesforce.OptCallbackPort: strconv.Itoa(port)}})
	if err != nil {
		t.Fatal(err)
	}
	return ws, sim, c.ID
}

func TestBrowserSignInWithPKCEThenRefresh(t *testing.T) {
	ws, sim, id := signInFixture(t)
	ctx := context.Background()
	b := &scriptedBrowser{}
	if err := ws.SignIn(ctx, id, b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"code_challenge=", "code_challenge_method=S256", "state=",
		"redirect_uri=http%3A%2F%2Flocalhost%3A"} {
		if !strings.Contains(b.seen, want) {
			t.Fatalf("authorization URL lacks %s: %s", want, b.seen)
		}
	}
	res, err := ws.Refresh(ctx, []int64{id}, func(jobs.Progress) {})
	if err != nil || res[0].State != jobs.StateDone || res[0].Fetched != len(sim.ActiveSessionIDs()) {
		t.Fatalf("refresh after sign-in: %+v %v", res, err)
	}
}

func TestBrowserSignInIgnoresAForgedAnswer(t *testing.T) {
	ws, _, id := signInFixture(t)
	forged := make(chan int, 1)
	b := &scriptedBrowser{tamper: func(u *url.URL) {
		// Someone else hits the listener first with a code of their own and a made-up state.
		bad := *u
		q := bad.Query()
		q.Set("state", "attacker")
		q.Set("code", "attacker-code")
		bad.RawQuery = q.Encode()
		resp, err := http.Get(bad.String())
		if err != nil {
			forged <- 0
			return
		}
		resp.Body.Close()
		forged <- resp.StatusCode
	}}
	if err := ws.SignIn(context.Background(), id, b); err != nil {
		t.Fatalf("the real answer after a forged one must still sign in: %v", err)
	}
	if st := <-forged; st != http.StatusBadRequest {
		t.Fatalf("the forged answer got HTTP %d, want 400", st)
	}
}
