package salesforcesim

import (
	"maps"
	"slices"
	"testing"
)

const plantedQuery = "SELECT Id, ParentId, Users.Username, SourceIp, LastModifiedDate, LoginGeo.CountryIso, LoginHistory.SourceIp FROM AuthSession"

// sessionsOf lists the sessions of username, by id.
func (e *env) sessionsOf(username string) map[string]map[string]any {
	e.t.Helper()
	_, recs, _ := e.queryAll(plantedQuery)
	out := map[string]map[string]any{}
	for _, r := range recs {
		if r["Users"].(map[string]any)["Username"] == username {
			out[r["Id"].(string)] = r
		}
	}
	return out
}

func country(r map[string]any) any { return r["LoginGeo"].(map[string]any)["CountryIso"] }

func TestPlantedCasesAreThereForEverySeed(t *testing.T) {
	for _, seed := range []int64{1, 2, 77} {
		e := newEnv(t, Config{Users: 60, Seed: seed})
		users := e.sim.PlantedUsers()
		if keys := slices.Sorted(maps.Keys(users)); !slices.Equal(keys, []string{"drift", "integration", "outside-country", "six-sessions", "traveller"}) {
			t.Fatalf("planted cases %v", keys)
		}
		out := e.sessionsOf(users["outside-country"])
		if len(out) != 1 {
			t.Fatalf("seed %d: %d sessions of the outside-country user", seed, len(out))
		}
		for _, r := range out {
			if country(r) != "RU" || r["SourceIp"] != "95.165.10.20" {
				t.Fatalf("seed %d: outside-country session %v", seed, r)
			}
		}
	}
}

func TestPlantedSessionDriftsOnTheNextActivity(t *testing.T) {
	e := newEnv(t, Config{Users: 60, Seed: 4})
	user := e.sim.PlantedUsers()["drift"]
	id := e.sim.DriftSessionID()
	before := e.sessionsOf(user)
	if len(before) != 2 || country(before[id]) != "FR" {
		t.Fatalf("before: %v", before)
	}
	e.clock.Advance(10 * 60 * 1e9)
	e.sim.SimulateLogins(3)
	after := e.sessionsOf(user)
	if len(after) != 2 {
		t.Fatalf("the drift adds no session: %v", after)
	}
	for sid, r := range after {
		if country(r) != "NG" || r["SourceIp"] != "197.210.64.9" || r["LastModifiedDate"] == before[sid]["LastModifiedDate"] ||
			r["LoginHistory"].(map[string]any)["SourceIp"] != "197.210.64.9" {
			t.Fatalf("after the reuse: %v (before %v)", r, before[sid])
		}
	}
	e.sim.SimulateLogins(3)
	if again := e.sessionsOf(user); country(again[id]) != "NG" || len(again) != 2 {
		t.Fatal("the session drifts once")
	}
}
