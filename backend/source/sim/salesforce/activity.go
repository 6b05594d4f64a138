package salesforcesim

import "sessionscope/backend/source/sim/simkit"

// SimulateLogins adds n new UI logins, made now, by existing ordinary users — mostly from home,
// sometimes from another city (a new country, for the review's "what changed" to find) and on
// another browser; frozen users do not log in. The demo workspace calls it between refreshes so that a refresh has news.
// The choice is deterministic for a given seed and call sequence. It returns how many it added.
func (s *Server) SimulateLogins(n int) int {
	if n <= 0 {
		return 0
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	s.activity++
	rng := simkit.NewRand(uint64(s.cfg.Seed)^0xac71, uint64(s.activity))
	now := s.now().Unix()
	if s.activity == 1 {
		s.reuseDriftLocked(now)
	}
	added := 0
	for tries := 0; added < n && tries < 20*n; tries++ {
		u := int32(rng.Between(0, int64(len(st.users)-1)))
		if u == s.data.admin || st.users[u].userType == utGuest || st.frozen[u] {
			continue // a frozen user cannot log in
		}
		city, ip := int(st.users[u].home), st.users[u].homeIP
		if rng.Chance(0.15) {
			city = rng.City()
			ip = simkit.IPFor(uint64(s.cfg.Seed), u, city)
		}
		f := family{rootType: stUI, loginType: ltApplication, app: appBrowser, loginURL: loginURLMyDomain, valid: 7200}
		f.browser, f.platform = brChrome, plWindows
		switch rng.Weighted(50, 20, 15, 15) {
		case 1:
			f.browser, f.platform = brSafari, plMac
		case 2:
			f.browser, f.platform = brSafari, plIPhone
		case 3:
			f.browser, f.platform = brFirefox, plLinux
		}
		st.appendLogin(u, now, f, city, ip)
		added++
	}
	return added
}
