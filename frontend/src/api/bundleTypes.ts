// Shapes of the offline-review calls (app/bundle.go): bundles, their signer, file exports.
import type { SessionFilter } from './types'

/** What to export: a review (reviewId > 0) or the chosen orgs' kept snapshots (none = all). */
export interface BundleExportRequest {
  file: string
  connectionIds: number[]
  reviewId: number
  note: string
}

export type BundleTrust = 'own' | 'trusted' | 'unknown'

export interface BundleReview {
  id: number
  title: string
  closedAt: string
  closedBy: string
}

export interface BundleOrg {
  name: string
  kind: string
  snapshots: number
  /** Of its newest snapshot. */
  sessions: number
}

export interface BundleNote {
  about: string
  text: string
  author: string
  at: string
}

export interface BundleOriginal {
  fingerprint: string
  trust: string
  createdBy: string
  createdAt: string
}

/** A checked bundle: who signed it, what it holds, what its check passed. */
export interface Bundle {
  file: string
  size: number
  fingerprint: string
  trust: BundleTrust
  trustedAs: string
  createdAt: string
  createdBy: string
  workspace: string
  app: string
  kind: string
  note: string
  review: BundleReview
  /** In each org's newest snapshot: what the table shows. */
  sessions: number
  /** In every snapshot it holds (the older ones are there to compare with). */
  allSessions: number
  auditRows: number
  connections: BundleOrg[]
  geo: string[]
  notes: BundleNote[]
  integrity: string
  original: BundleOriginal | null
}

export interface OpenedBundle {
  open: boolean
  bundle: Bundle
}

/** The sessions of a view (its filter and order) as CSV. */
export interface SessionsCSVRequest {
  file: string
  filter: SessionFilter
  sort: string
  desc: boolean
  excel: boolean
  separator: ',' | ';'
}

export interface FileWritten {
  path: string
  rows: number
}

/** What the native save dialog is asked to save. */
export type SaveTarget = 'bundle' | 'csv' | 'report'
