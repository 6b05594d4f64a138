// Package window is the store's window engine. The sessions table scrolls anywhere in a million
// rows, so "rows [offset, offset+limit) of the current sessions matching a filter, in one sort
// order" must not cost offset: this package answers it with row ids, choosing per query among a
// few plans (planner.go lists them, one file each), and keeps what makes the next query cheap:
// counts, anchors (rows whose position is known), whole sorted results, and the ranks of every
// row in every sort order, built in the background after a refresh.
//
// Only backend/store imports it (Go's internal/ rule enforces that). The store owns the schema,
// the snapshots and the filter's SQL; it hands this package the current snapshots, the sort
// column and the filter as a WHERE fragment, and gets ids back, which it turns into rows.
//
// Everything remembered is keyed by the snapshots it was computed from. A complete snapshot never
// changes, so nothing goes stale when a refresh completes; Reset forgets everything when snapshot
// ids may be given again (a connection removed).
package window
