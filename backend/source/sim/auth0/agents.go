package auth0sim

// agent is a browser a session was started from. next is the agent the same browser
// reports after an update (device.last_user_agent differs from initial_user_agent).
type agent struct {
	ua     string
	mobile bool
	next   uint8
}

var agents = []agent{
	0:  {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36", false, 1},
	1:  {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36", false, 1},
	2:  {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0", false, 3},
	3:  {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0", false, 3},
	4:  {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15", false, 5},
	5:  {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15", false, 5},
	6:  {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36", false, 7},
	7:  {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36", false, 7},
	8:  {"Mozilla/5.0 (X11; Linux x86_64; rv:142.0) Gecko/20100101 Firefox/142.0", false, 9},
	9:  {"Mozilla/5.0 (X11; Linux x86_64; rv:143.0) Gecko/20100101 Firefox/143.0", false, 9},
	10: {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:143.0) Gecko/20100101 Firefox/143.0", false, 10},
	11: {"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36", false, 11},
	12: {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1", true, 13},
	13: {"Mozilla/5.0 (iPhone; CPU iPhone OS 26_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1", true, 13},
	14: {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36", true, 15},
	15: {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36", true, 15},
	16: {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36", true, 16},
	17: {"Mozilla/5.0 (iPad; CPU OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1", true, 17},
	18: {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/140.0.7339.122 Mobile/15E148 Safari/604.1", true, 18},
}

var (
	desktopAgents = []uint8{0, 0, 0, 2, 2, 4, 4, 6, 8, 10, 11}
	mobileAgents  = []uint8{12, 12, 12, 14, 14, 16, 17, 18}
)

// methodSets are the authentication.methods a session can carry: names as documented
// (pwd, passkey, federated, email, sms, mfa) with the MFA factor in type.
var methodSets = [][]struct{ name, typ string }{
	0: {{"pwd", ""}},
	1: {{"pwd", ""}, {"mfa", "otp"}},
	2: {{"pwd", ""}, {"mfa", "push-notification"}},
	3: {{"pwd", ""}, {"mfa", "webauthn-roaming"}},
	4: {{"pwd", ""}, {"mfa", "sms"}},
	5: {{"passkey", ""}},
	6: {{"federated", ""}},
	7: {{"federated", ""}, {"mfa", "otp"}},
	8: {{"email", ""}},
}

// metadata are the session_metadata objects some sessions carry (index 0 = none).
var metadata = []map[string]string{
	1: {"device_name": "Work laptop", "risk": "low"},
	2: {"device_name": "Personal phone", "risk": "medium"},
	3: {"kiosk": "true", "location": "front-desk"},
}
