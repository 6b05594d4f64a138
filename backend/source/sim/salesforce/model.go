package salesforcesim

import "net/netip"

// Picklist values. Records store indexes into these tables, not strings.
var (
	sessionTypes = []string{"UI", "Content", "Visualforce", "Aura", "TempUIFrontdoor", "API", "Oauth2"}
	loginTypes   = []string{"Application", "SAML Sfdc Initiated SSO", "SAML Idp Initiated SSO", "Remote Access 2.0", "Other Apex API"}
	levels       = []string{"STANDARD", "HIGH_ASSURANCE"}
	userTypes    = []string{"Standard", "PowerPartner", "CspLitePortal", "Guest"}
	browsers     = []string{"Chrome 142", "Firefox 145", "Safari 19", "Edge 142", "Unknown"}
	platforms    = []string{"Windows 10", "Mac OSX", "iPhone", "Android 16", "Linux", "Unknown"}
	applications = []string{"Browser", "Salesforce for iOS", "Data Loader", "Workbench", "SessionScope"}
)

const (
	stUI uint8 = iota
	stContent
	stVisualforce
	stAura
	stTempUIFrontdoor
	stAPI
	stOauth2
)

const (
	ltApplication uint8 = iota
	ltSAMLSfdc
	ltSAMLIdp
	ltRemoteAccess
	ltOtherApex
)

const (
	utStandard uint8 = iota
	utPowerPartner
	utCspLitePortal
	utGuest
)

const (
	brChrome uint8 = iota
	brFirefox
	brSafari
	brEdge
	brUnknown
)

const (
	plWindows uint8 = iota
	plMac
	plIPhone
	plAndroid
	plLinux
	plUnknown
)

const (
	appBrowser uint8 = iota
	appIOS
	appDataLoader
	appWorkbench
	appSessionScope
)

// Indexes into org.logoutURLs / org.loginURLs (per org, as they contain its domain).
const (
	logoutNone uint8 = iota
	logoutSSO
	logoutPortal
)

const (
	loginURLMyDomain uint8 = iota
	loginURLLogin
	loginURLSite
)

type user struct {
	first, last string // display spelling
	display     string // "First Last"
	username    string
	userType    uint8
	home        uint8 // index into cities
	homeIP      netip.Addr
}

func (u *user) name() string { return u.display }

// session is one AuthSession row. Immutable after creation except deleted, which the store
// guards with its lock.
type session struct {
	created, modified int64 // unix seconds
	user              int32
	parent            int32 // index of the family's root session; its own index for a root
	geo               int32 // index into store.geos, -1 when the login has no LoginGeo
	hist              int32 // index into store.hists, -1 when none
	valid             int32 // NumSecondsValid
	sessionType       uint8
	loginType         uint8
	level             uint8
	logout            uint8
	jwt               bool
	deleted           bool
}

// geo is one LoginGeo row.
type geo struct {
	loginTime int64
	lat, lon  float64
	city      uint8
	noPostal  bool
}

// hist is one LoginHistory row: the login event behind a session family.
type hist struct {
	loginTime int64
	user      int32
	ip        netip.Addr
	browser   uint8
	platform  uint8
	app       uint8
	loginURL  uint8
	loginType uint8
}
