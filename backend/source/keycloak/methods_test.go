package keycloak_test

import (
	"testing"

	kcsim "sessionscope/backend/source/sim/keycloak"
)

func TestSignOutMethodsNameTheCallsTaken(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 5}, nil)
	m, err := e.cl.SignOutMethods(ctx())
	if err != nil || m.Sessions.PerCall != 1 || m.User == nil || len(m.Contain) != 1 || m.Contain[0].Name != "keycloak_disable_user" {
		t.Fatalf("%+v %v", m, err)
	}
}
