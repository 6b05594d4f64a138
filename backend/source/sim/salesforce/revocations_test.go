package salesforcesim

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sessionscope/backend/source/sim/simkit/simtest"
)

func TestRevocationsCountFamiliesAndAreExactUnderParallelDeletes(t *testing.T) {
	e := newEnv(t, Config{Users: 80, Seed: 6})
	f := e.familyWithChild()
	if r := e.do("DELETE", v+"/sobjects/AuthSession/"+f.root, e.token); r.status != 204 {
		t.Fatalf("delete root: %d", r.status)
	}
	got := simtest.Revocations(t, e.srv.URL)
	if got[f.root] != 1 || got[f.child] != 1 {
		t.Fatalf("deleting a root ends its children too: %v", got)
	}
	// Three clients race on each of 30 sessions, one by one and in collections: the org ends
	// each once and answers the others ENTITY_IS_DELETED.
	_, recs, _ := e.queryAll("SELECT Id, ParentId FROM AuthSession WHERE IsCurrent = false ORDER BY Id")
	var ids []string
	for _, r := range recs {
		if id := r["Id"].(string); id != f.root && id == r["ParentId"] && len(ids) < 30 {
			ids = append(ids, id)
		}
	}
	var ok atomic.Int64
	simtest.Parallel(90, func(i int) {
		if i%2 == 0 {
			if r := e.do("DELETE", v+"/sobjects/AuthSession/"+ids[i%30], e.token); r.status == 204 {
				ok.Add(1)
			}
			return
		}
		r := e.do("DELETE", v+"/composite/sobjects?ids="+ids[i%30], e.token)
		if strings.Contains(string(r.body), `"success":true`) {
			ok.Add(1)
		}
	})
	got = e.sim.Revocations()
	if len(ids) != 30 || ok.Load() != 30 {
		t.Fatalf("%d deletes succeeded, want one per session (30)", ok.Load())
	}
	for _, id := range ids {
		if got[id] != 1 {
			t.Fatalf("session %s counted %d times", id, got[id])
		}
	}
	for id, n := range got {
		if n != 1 {
			t.Fatalf("session %s counted %d times", id, n)
		}
	}
}

func TestRateLimitIsRequestLimitExceeded429(t *testing.T) {
	e := newEnv(t, Config{Users: 20, RatePerSecond: 1, RateBurst: 2})
	e.get(v + "/limits")
	e.get(v + "/limits")
	r := e.get(v + "/limits")
	if r.status != 429 || r.errorCode(t) != "REQUEST_LIMIT_EXCEEDED" || r.header.Get("Retry-After") != "" ||
		!strings.HasPrefix(r.header.Get("Sforce-Limit-Info"), "api-usage=") {
		t.Fatalf("beyond the limit: %d %v %s", r.status, r.header, r.body)
	}
	// The OAuth endpoints are not the REST API: a token refresh still works.
	if e.refresh() == "" {
		t.Fatal("refresh while rate-limited")
	}
	e.clock.Advance(time.Second)
	if r := e.get(v + "/limits"); r.status != 200 {
		t.Fatalf("a second later: %d", r.status)
	}
}
