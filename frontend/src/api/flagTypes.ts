// Plain shapes of what crosses the bridge for flags, policies and the weekly review (issue 12).
// Re-exported by types.ts; checks.ts proves they match the generated models.

export const SEVERITIES = ['high', 'medium', 'low'] as const
export type Severity = (typeof SEVERITIES)[number]

/** One flag of a session: why it looks suspicious. */
export interface Flag {
  rule: string
  severity: Severity | string
  /** One line, with the numbers. */
  reason: string
  /** Sessions the finding involves (a travel leg: 2). */
  sessions: number
}

export interface RuleView {
  rule: string
  label: string
  help: string
  /** Its usual severity. */
  severity: Severity | string
}

export interface RuleCount {
  rule: string
  flags: number
  sessions: number
}

/** What one org's current snapshot is flagged for. */
export interface FlagCount {
  connectionId: number
  connection: string
  /** False: the snapshot was never judged (refreshed before flags existed). */
  computed: boolean
  computedAt: string
  sessions: number
  /** Sessions with at least one flag. */
  flagged: number
  high: number
  medium: number
  low: number
  rules: RuleCount[]
}

export interface PolicyField {
  name: string
  label: string
  help: string
  /** Effective value, as text the field accepts. */
  value: string
  source: 'default' | 'server' | 'override' | string
  default: string
  /** '' when the server does not set it. */
  server: string
  /** '' when not overridden. */
  override: string
}

export interface ServerSetting {
  name: string
  value: string
}

export interface PolicyView {
  connectionId: number
  connection: string
  fields: PolicyField[]
  /** The server's own session settings as last read. */
  server: ServerSetting[]
  /** '' = never read. */
  serverReadAt: string
  updatedAt: string
  updatedBy: string
}

/** Field name → text; '' returns the field to the default or the server's setting. */
export interface PolicyChange {
  connectionId: number
  changes: Record<string, string>
}

/** One refused field; field '' = the change as a whole. */
export interface FieldError {
  field: string
  msg: string
}

export interface FlagTally {
  sessions: number
  flags: number
  flagged: number
  high: number
  medium: number
  low: number
  rules: RuleCount[]
}

export interface PolicyPreview {
  fieldErrors: FieldError[]
  current: FlagCount
  proposed: FlagTally
}

export interface PolicySaved {
  fieldErrors: FieldError[]
  policy: PolicyView
  flags: FlagTally
}

export const DECISIONS = ['expected', 'signed_out', 'follow_up'] as const
export type Decision = (typeof DECISIONS)[number]

export interface ReviewSnapshot {
  connectionId: number
  connection: string
  snapshotId: number
  snapshotAt: string
  /** 0 = nothing to compare with. */
  sinceSnapshotId: number
}

export interface Review {
  id: number
  title: string
  startedAt: string
  startedBy: string
  /** The closed review it compares with (0 = none). */
  sinceReviewId: number
  closedAt: string
  closedBy: string
  closed: boolean
  snapshots: ReviewSnapshot[]
  /** Flagged sessions to review. */
  items: number
  /** Of them, those with every flag decided. */
  reviewed: number
}

export interface OpenReview {
  open: boolean
  review: Review
}

export interface ReviewItemsQuery {
  pending: boolean
  offset: number
  limit: number
}

export interface ReviewFlag {
  rule: string
  severity: Severity | string
  reason: string
  decision: string
  note: string
  markedAt: string
  markedBy: string
}

export interface ReviewItem {
  id: number
  connectionId: number
  connection: string
  /** The full id, to open the detail; show displayId. */
  sessionId: string
  displayId: string
  username: string
  severity: Severity | string
  /** The last decision on the whole session ('' = none). */
  decision: string
  note: string
  markedAt: string
  markedBy: string
  /** Every flag decided. */
  reviewed: boolean
  flags: ReviewFlag[]
}

export interface ReviewItemsPage {
  items: ReviewItem[]
  total: number
}

export interface MarkRequest {
  itemId: number
  /** '' = every flag of the session. */
  rule: string
  decision: Decision
  note: string
}

export interface ReviewMark {
  id: number
  itemId: number
  rule: string
  decision: Decision | string
  note: string
  at: string
  actor: string
}

export interface ReviewChange {
  connection: string
  compared: boolean
  /** Why nothing was compared. */
  note: string
  from: string
  to: string
  newSessions: number
  endedSessions: number
  newUsers: string[]
  newUserCount: number
  newCountries: string[]
  newDeviceCount: number
}
