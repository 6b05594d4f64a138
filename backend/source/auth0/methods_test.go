package auth0_test

import (
	"context"
	"testing"

	auth0sim "sessionscope/backend/source/sim/auth0"
)

func TestSignOutMethodsNameTheCallsTaken(t *testing.T) {
	_, cl, _ := newTenant(t, auth0sim.Config{Users: 5}, nil)
	m, err := cl.SignOutMethods(context.Background())
	if err != nil || m.Sessions.Call != "POST /api/v2/sessions/{id}/revoke" || m.User == nil || len(m.Contain) != 1 {
		t.Fatalf("%+v %v", m, err)
	}
}
