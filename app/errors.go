package app

import "sessionscope/backend/workspace"

// BridgeError is what a rejected promise carries to the frontend. Code is one of the list in
// backend/session/codes.go (frontend/src/api/codes.ts on the other side).
type BridgeError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// FormatError turns any error into {code, message}; used as Wails' ErrorFormatter.
func FormatError(err error) any {
	if err == nil {
		return nil
	}
	return BridgeError{Code: workspace.CodeOf(err), Message: err.Error()}
}
