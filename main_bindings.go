//go:build bindings

package main

// `wails build` first runs the app built with the "bindings" tag to read the bound services'
// method sets. That run must not open, migrate or lock the user's own data folder (a build
// on a machine with an older or damaged database failed on its migration), so it gets a
// throwaway one.
func init() { bindingsOnly = true }
