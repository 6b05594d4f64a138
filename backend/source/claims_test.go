package source

import (
	"encoding/base64"
	"testing"
)

func TestTokenClaims(t *testing.T) {
	payload := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"abc@clients","sid":"s1"}`))
	var c struct {
		Sub string `json:"sub"`
		Sid string `json:"sid"`
	}
	if !TokenClaims("h."+payload+".sig", &c) || c.Sub != "abc@clients" || c.Sid != "s1" {
		t.Fatalf("claims %+v", c)
	}
	if !TokenClaims("h."+payload+"==.sig", &c) {
		t.Fatal("padding is tolerated")
	}
	for _, bad := range []string{"", "opaque-token", "a.b", "h.!!!.sig", "h." + base64.RawURLEncoding.EncodeToString([]byte("not json")) + ".sig"} {
		if TokenClaims(bad, &c) {
			t.Errorf("%q read as a JWT", bad)
		}
	}
}
