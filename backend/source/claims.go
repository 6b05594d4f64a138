package source

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// TokenClaims decodes the payload of a JWT access token into v without verifying it, and says
// whether it could. Connectors got the token straight from the server's token endpoint and
// read its claims only to name who they are signed in as or which session is their own; no
// decision about trust rests on them.
func TokenClaims(jwt string, v any) bool {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	return err == nil && json.Unmarshal(payload, v) == nil
}
