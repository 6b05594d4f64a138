package app

import (
	"encoding/json"

	"sessionscope/backend/workspace"
)

// BridgeError is what a rejected promise carries to the frontend. Code is one of the list in
// backend/session/codes.go (frontend/src/api/codes.ts on the other side).
type BridgeError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// MarshalJSON sends the error as a JSON string holding {code, message}, not as an object:
// Wails' runtime rejects the promise with new Error(error), which turns an object into the
// text "[object Object]" and loses both fields; a string survives as the Error's message,
// and frontend/src/api/errors.ts reads the code back out of it.
func (e BridgeError) MarshalJSON() ([]byte, error) {
	type plain BridgeError // without this method
	inner, err := json.Marshal(plain(e))
	if err != nil {
		return nil, err
	}
	return json.Marshal(string(inner))
}

// FormatError turns any error into {code, message}; used as Wails' ErrorFormatter.
func FormatError(err error) any {
	if err == nil {
		return nil
	}
	return BridgeError{Code: workspace.CodeOf(err), Message: err.Error()}
}
