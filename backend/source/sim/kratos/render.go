package kratossim

import (
	"encoding/base64"
	"strings"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// The JSON shapes below follow Kratos's structs field by field, in their order.

type sessionJSON struct {
	ID              string        `json:"id"`
	Active          bool          `json:"active"`
	ExpiresAt       string        `json:"expires_at"`
	AuthenticatedAt string        `json:"authenticated_at"`
	AAL             string        `json:"authenticator_assurance_level"`
	Methods         []methodJSON  `json:"authentication_methods"`
	IssuedAt        string        `json:"issued_at"`
	Identity        *identityJSON `json:"identity"`
	Devices         []deviceJSON  `json:"devices"`
}

type methodJSON struct {
	Method      string `json:"method"`
	AAL         string `json:"aal"`
	CompletedAt string `json:"completed_at"`
	Provider    string `json:"provider,omitempty"`
}

type deviceJSON struct {
	ID        string  `json:"id"`
	IPAddress *string `json:"ip_address"`
	UserAgent *string `json:"user_agent"`
	Location  *string `json:"location"`
}

type identityJSON struct {
	ID                  string           `json:"id"`
	SchemaID            string           `json:"schema_id"`
	SchemaURL           string           `json:"schema_url"`
	State               string           `json:"state"`
	StateChangedAt      string           `json:"state_changed_at,omitempty"`
	Traits              any              `json:"traits"`
	VerifiableAddresses []verifiableJSON `json:"verifiable_addresses,omitempty"`
	RecoveryAddresses   []recoveryJSON   `json:"recovery_addresses,omitempty"`
	MetadataPublic      *struct{}        `json:"metadata_public"`
	CreatedAt           string           `json:"created_at"`
	UpdatedAt           string           `json:"updated_at"`
	OrganizationID      *string          `json:"organization_id"`
}

type nameJSON struct {
	First string `json:"first"`
	Last  string `json:"last"`
}

type verifiableJSON struct {
	ID         string `json:"id"`
	Value      string `json:"value"`
	Verified   bool   `json:"verified"`
	Via        string `json:"via"`
	Status     string `json:"status"`
	VerifiedAt string `json:"verified_at,omitempty"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
}

type recoveryJSON struct {
	ID        string `json:"id"`
	Value     string `json:"value"`
	Via       string `json:"via"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// ts renders a time as Kratos does: RFC 3339, UTC "Z", nanoseconds.
func ts(ns int64) string { return time.Unix(0, ns).UTC().Format(time.RFC3339Nano) }

// expand says which associations a response carries.
type expand struct {
	identity, devices bool
	addresses         bool // the identity's addresses (GetIdentity loads them; the listings' eager preload does not)
	emptyDevices      bool // devices [] rather than null when not expanded (GET /admin/sessions/{id})
}

// sessionView renders session i. The caller holds s.st.mu for reading.
func (s *Server) sessionView(i int32, ex expand, now int64) sessionJSON {
	st := s.st
	r := &st.sessions[i]
	c := combos[r.combo]
	out := sessionJSON{
		ID: r.id.String(), Active: st.isActive(r, now, ex.identity), ExpiresAt: ts(r.expires),
		AuthenticatedAt: ts(r.authed), AAL: c.aal, IssuedAt: ts(r.issued),
		Methods: make([]methodJSON, len(c.methods)),
	}
	for k, m := range c.methods {
		at := r.authed
		if k == 0 && len(c.methods) > 1 {
			at = r.issued - 150e6
		}
		out.Methods[k] = methodJSON{Method: m.name, AAL: m.aal, CompletedAt: ts(at), Provider: m.provider}
	}
	if ex.identity {
		idn := s.identityView(r.ident, ex.addresses)
		out.Identity = &idn
	}
	if ex.devices || ex.emptyDevices {
		out.Devices = []deviceJSON{}
	}
	if ex.devices {
		for d := r.dev; d < r.dev+int32(r.ndev); d++ {
			out.Devices = append(out.Devices, s.deviceView(&st.devices[d]))
		}
	}
	return out
}

func (s *Server) deviceView(d *device) deviceJSON {
	ip := d.ip
	loc := ""
	if d.city >= 0 {
		loc = simkit.Cities[d.city].Name + ", " + simkit.Cities[d.city].ISO
	}
	out := deviceJSON{ID: d.id.String(), IPAddress: &ip, Location: &loc}
	if d.ua >= 0 {
		ua := s.userAgents[d.ua]
		out.UserAgent = &ua
	}
	return out
}

// identityView renders identity k (credentials are never included). The caller holds s.st.mu.
func (s *Server) identityView(k int32, addresses bool) identityJSON {
	idn := &s.st.identities[k]
	name := nameJSON{idn.first, idn.last}
	out := identityJSON{
		ID: idn.id.String(), SchemaID: schemaIDs[idn.schema],
		SchemaURL: s.publicURL() + "/schemas/" + base64.RawURLEncoding.EncodeToString([]byte(schemaIDs[idn.schema])),
		State:     "active", CreatedAt: ts(idn.created), UpdatedAt: ts(idn.updated),
	}
	if idn.inactive {
		out.State = "inactive"
	}
	if idn.stateChanged != 0 {
		out.StateChangedAt = ts(idn.stateChanged)
	}
	switch idn.schema {
	case schemaDefault:
		out.Traits = struct {
			Email string   `json:"email"`
			Name  nameJSON `json:"name"`
		}{idn.login, name}
	case schemaUsername:
		out.Traits = struct {
			Username string   `json:"username"`
			Name     nameJSON `json:"name"`
		}{idn.login, name}
	default:
		out.Traits = struct {
			Name  nameJSON `json:"name"`
			Phone string   `json:"phone"`
		}{name, idn.login}
	}
	if !addresses || idn.schema == schemaUsername {
		return out
	}
	via := "email"
	if idn.schema == schemaPhone {
		via = "sms"
	}
	va := verifiableJSON{ID: newUUID(s.seed, tagAddress, uint64(k)<<1).String(), Value: idn.login, Verified: idn.verified,
		Via: via, Status: "sent", CreatedAt: ts(idn.created), UpdatedAt: ts(idn.created)}
	if idn.verified {
		va.Status, va.VerifiedAt = "completed", ts(idn.created+int64(3*time.Minute))
		va.UpdatedAt = va.VerifiedAt
	}
	out.VerifiableAddresses = []verifiableJSON{va}
	out.RecoveryAddresses = []recoveryJSON{{ID: newUUID(s.seed, tagAddress, uint64(k)<<1|1).String(), Value: idn.login,
		Via: via, CreatedAt: ts(idn.created), UpdatedAt: ts(idn.created)}}
	return out
}

// orgUserAgents fills in the org's app name in the user-agent table.
func orgUserAgents(slug, app string) []string {
	out := make([]string, len(userAgents))
	for i, u := range userAgents {
		out[i] = strings.NewReplacer("{app}", app, "{slug}", slug).Replace(u.ua)
	}
	return out
}
