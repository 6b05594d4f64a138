// Plain shapes of what crosses the bridge for bulk sign-out (app/bulk_types.go) and the audit's
// query, check and export (app/audit.go). bulkChecks.ts proves they match the generated models.
import type { SessionFilter } from './types'

/** One session: its org and the server's id (the full id, used only to address it). */
export interface SessionKey {
  connectionId: number
  sessionId: string
}

/** Ticked rows (keys), or a filter and/or one person minus the rows unticked afterwards. */
export interface Selection {
  keys: SessionKey[]
  /** null = not by filter; connectionIds empty = every org. */
  filter: SessionFilter | null
  /** One person across orgs: username / e-mail or user id. */
  user: string
  exclude: SessionKey[]
}

export type BulkAction = 'signout' | 'contain'

export interface BulkRequest {
  action: BulkAction | ''
  selection: Selection
  /** End a user's sessions with one call per user where the server can. */
  userWide: boolean
  /** Also block the users from signing in again (before their sessions are ended). */
  contain: boolean
  reason: string
  /** The count the admin typed, when the plan asks for it. */
  confirm: number
  /** The previewed plan's: starting is refused if the selection now plans otherwise. */
  fingerprint: string
}

export interface Exclusion {
  code: string
  reason: string
  count: number
}

export interface MatchedIdentity {
  connectionId: number
  connection: string
  userId: string
  username: string
  sessions: number
  holdsOwnSession: boolean
}

export interface OrgPlan {
  connectionId: number
  connection: string
  kind: string
  /** batch | session | user | contain; '' when nothing will be sent. */
  method: string
  sessions: number
  users: number
  items: number
  batchSize: number
  calls: number
  /** Calls left in the org's allowance; -1 = the server does not say. */
  remaining: number
  limit: string
  overLimit: boolean
  admin: string
  excluded: Exclusion[]
  contained: number
  warnings: string[]
  refused: string
  snapshotAt: string
}

export interface BulkPlan {
  action: string
  identities: MatchedIdentity[]
  orgs: OrgPlan[]
  sessions: number
  contained: number
  items: number
  calls: number
  reasonRequired: boolean
  /** Type this number to confirm; 0 = no need. */
  confirmCount: number
  notes: string[]
  fingerprint: string
  existingJob: number
  existingState: string
}

export interface ItemCounts {
  pending: number
  sending: number
  ended: number
  alreadyGone: number
  contained: number
  failed: number
  stillListed: number
}

export interface JobOrg {
  connectionId: number
  connection: string
  kind: string
  method: string
  batchSize: number
  admin: string
  items: number
  sessions: number
  secretIds: boolean
}

export type JobState = 'ready' | 'running' | 'done' | 'partly_failed' | 'failed' | 'canceled' | 'incomplete' | 'interrupted'

export interface Job {
  id: number
  createdAt: string
  finishedAt: string
  action: string
  actor: string
  reason: string
  state: JobState | string
  total: number
  orgs: JobOrg[]
  cancelRequested: boolean
  recheckedAt: string
  message: string
  counts: ItemCounts
}

export interface JobItem {
  seq: number
  connectionId: number
  method: string
  /** A credential-like session id arrives shortened. */
  target: string
  userId: string
  username: string
  sessions: number
  state: string
  message: string
  attempts: number
  updatedAt: string
  /** gone | still_listed | '' (not re-checked). */
  recheck: string
}

export interface OrgProgress {
  connectionId: number
  connection: string
  total: number
  counts: ItemCounts
  /** e.g. "the server is rate limiting; trying again in 4s". */
  waiting: string
  error: string
}

/** The "signout:progress" event (about ten a second per running job). */
export interface JobProgress {
  jobId: number
  state: string
  total: number
  counts: ItemCounts
  orgs: OrgProgress[]
  message: string
}

/** The "signout:done" event: the job once stopped and re-checked, or why it could not run. */
export interface JobDone {
  jobId: number
  job: Job
  error: string
  errorCode: string
}

export interface RecheckCounts {
  gone: number
  stillListed: number
}

/** Audit entries by who, when (RFC 3339, '' = open, to exclusive), org, action, result, text. */
export interface AuditQuery {
  actor: string
  connection: string
  /** Exact ("signout.session") or a family ("signout"). */
  action: string
  result: string
  from: string
  to: string
  text: string
  beforeId: number
  /** 1–1000; 0 = 100 (for an export: every matching entry). */
  limit: number
}

export interface AuditCheck {
  ok: boolean
  entries: number
  /** The first entry that fails; 0 when the trail holds. */
  firstBad: number
  problem: string
  message: string
  headId: number
  unanchored: number
}

export interface AuditExport {
  /** '' when the save dialog was cancelled. */
  path: string
  entries: number
}

export function emptyAuditQuery(): AuditQuery {
  return { actor: '', connection: '', action: '', result: '', from: '', to: '', text: '', beforeId: 0, limit: 0 }
}

export function emptyCounts(): ItemCounts {
  return { pending: 0, sending: 0, ended: 0, alreadyGone: 0, contained: 0, failed: 0, stillListed: 0 }
}
