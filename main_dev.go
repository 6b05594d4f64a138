//go:build dev

package main

// Dev builds keep their secrets apart from a real installation's.
func init() { keyringService = "sessionscope-dev" }
