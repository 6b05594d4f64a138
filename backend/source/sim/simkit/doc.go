// Package simkit holds what the API simulators (salesforcesim, keycloaksim, kratossim,
// auth0sim) share: the world-cities and people-names tables their data is drawn from,
// deterministic hashing and id helpers, a seeded random source with the draws the
// generators use, the fault queue with the fault kinds every simulator serves, the token
// bucket behind every simulator's rate limit, the per-session revocation counts and the
// control path that serves them (/_sim/revocations), and the loopback server lifecycle. What each simulated API answers — its error bodies, paths and
// quirks — stays in the simulator's own package.
//
// Imported by the simulators only.
package simkit
