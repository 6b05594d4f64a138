// Plain shapes of what crosses the bridge. The generated classes in wailsjs/go/models.ts carry
// the same fields; checks.ts proves at compile time that the two stay in step.
import type { Flag, Severity } from './flagTypes'

export interface Capabilities {
  revokeOne: boolean
  revokeBatch: boolean
  maxBatch: number
  revokeUser: boolean
  containUser: boolean
  loginHistory: boolean
  policy: boolean
  health: boolean
  whoAmI: boolean
  rateLimit: boolean
}

export type ConnectionStatus = 'never' | 'ok' | 'error' | 'needs_signin'

export interface Connection {
  id: number
  name: string
  kind: string
  kindName: string
  url: string
  demo: boolean
  status: ConnectionStatus | string
  message: string
  lastRefresh: string
  sessionCount: number
  capabilities: Capabilities
}

export interface KindOption {
  name: string
  label: string
  help: string
  secret: boolean
  required: boolean
}

export interface Kind {
  kind: string
  displayName: string
  options: KindOption[]
  sessionIdIsSecret: boolean
  /** The server reports no last-activity time for a session (Kratos). */
  noLastActive: boolean
  /** What URL a connection of this kind wants (may be empty). */
  urlHelp: string
  /** The connector can sign in interactively in the system browser. */
  signIn: boolean
}

/**
 * What Add/Update send. `secrets` travel one way only: a non-empty value replaces the keyring
 * entry, an absent one keeps it. Secret option names never appear in `options`.
 */
export interface ConnectionForm {
  /** 0 for a new connection. */
  id: number
  kind: string
  name: string
  url: string
  options: Record<string, string>
  secrets: Record<string, string>
}

/** A connection as the edit form shows it: for secrets only whether the keyring holds them. */
export interface ConnectionDetail {
  connection: Connection
  options: Record<string, string>
  secretsStored: Record<string, boolean>
}

export interface PermissionCheck {
  name: string
  ok: boolean
  /** What to grant when it is missing. */
  hint: string
}

/** What "Test" found. A failed test is a result (ok=false, error, errorCode), not a rejection. */
export interface TestResult {
  ok: boolean
  signedInAs: string
  permissions: PermissionCheck[]
  limits: string
  error: string
  errorCode: string
}

export const SORT_KEYS = [
  'username',
  'connection',
  'session_type',
  'login_type',
  'created_at',
  'last_active_at',
  'expires_at',
  'source_ip',
  'location',
  'security_level',
  'user_type',
] as const
export type SortKey = (typeof SORT_KEYS)[number]

/**
 * The one filter the sessions table, the users view and the map share. Every field is optional in
 * meaning: '' / [] / false selects everything. Times are RFC 3339 strings ('' = open).
 */
export interface SessionFilter {
  /** Empty = every connection. */
  connectionIds: number[]
  /** Prefix of the username or display name. */
  user: string
  /** Exact username (case-insensitive): one user's sessions across orgs. */
  username: string
  /** Prefix of the source IP, or a CIDR range (v4 or v6). */
  ip: string
  sessionType: string
  /** ISO 3166-1 alpha-2 codes; any of them. */
  countries: string[]
  city: string
  /** A map place key (e.g. "us new york"), exact. */
  place: string
  /** "AS15169" or "15169". */
  asn: string
  loginType: string
  securityLevel: string
  /** Prefix, case-insensitive ("chrome"). */
  browser: string
  /** Prefix, case-insensitive ("windows"). */
  platform: string
  deviceType: string
  createdFrom: string
  createdTo: string
  activeFrom: string
  activeTo: string
  /** Only sessions that were not in their org's previous snapshot. */
  newOnly: boolean
  /** Free text: prefix of user, name, IP, city or browser, or a country code. */
  text: string
  /** Only sessions with at least one flag. */
  flagged: boolean
  /** Only sessions with a flag of this rule ('' = any rule). */
  flagRule: string
  /** Only sessions whose most severe flag is this ('' = any). */
  flagSeverity: '' | Severity | string
}

export function emptyFilter(): SessionFilter {
  return {
    connectionIds: [],
    user: '',
    username: '',
    ip: '',
    sessionType: '',
    countries: [],
    city: '',
    place: '',
    asn: '',
    loginType: '',
    securityLevel: '',
    browser: '',
    platform: '',
    deviceType: '',
    createdFrom: '',
    createdTo: '',
    activeFrom: '',
    activeTo: '',
    newOnly: false,
    text: '',
    flagged: false,
    flagRule: '',
    flagSeverity: '',
  }
}

export interface SessionQuery {
  filter: SessionFilter
  sort: SortKey | string
  desc: boolean
  offset: number
  limit: number
}

export interface SessionRow {
  connectionId: number
  connection: string
  id: string
  displayId: string
  parentId: string
  userId: string
  username: string
  name: string
  userType: string
  sessionType: string
  loginType: string
  securityLevel: string
  createdAt: string
  lastActiveAt: string
  /** No last-activity time because the server reports none (Kratos), not because it is unknown. */
  lastActiveUnreported: boolean
  expiresAt: string
  sourceIp: string
  city: string
  subdivision: string
  country: string
  countryCode: string
  latitude?: number | null
  longitude?: number | null
  geoSource: string
  /** Autonomous system number; 0 = unknown. */
  asn: number
  asnOrg: string
  deviceType: string
  browser: string
  platform: string
  application: string
  userAgent: string
  isCurrent: boolean
  endedAt: string
  /** The store's id of this row (flagsApi.flagsOf). */
  rowId: number
  /** Most severe first; empty when none. */
  flags: Flag[]
}

export interface SessionPage {
  rows: SessionRow[]
  total: number
  offset: number
}

export const USER_SORT_KEYS = ['sessions', 'countries', 'last_active_at', 'username'] as const
export type UserSortKey = (typeof USER_SORT_KEYS)[number]

/** Users across the selected orgs, one row per username. */
export interface UsersQuery {
  /** Users with at least one matching session. */
  filter: SessionFilter
  sort: UserSortKey | string
  desc: boolean
  offset: number
  limit: number
}

export interface UserRow {
  username: string
  name: string
  /** Names of the orgs the user holds sessions in. */
  connections: string[]
  sessions: number
  countries: number
  lastActiveAt: string
}

export interface UserPage {
  rows: UserRow[]
  total: number
  offset: number
}

export interface SessionDetail {
  session: SessionRow
  raw: string
  userSessions: SessionRow[]
  snapshotId: number
  snapshotAt: string
  capabilities: Capabilities
}

export type RefreshState = 'running' | 'done' | 'failed' | 'canceled'

/** Payload of the "refresh:progress" event. */
export interface RefreshProgress {
  jobId: string
  connectionId: number
  connection: string
  state: RefreshState | string
  fetched: number
  total: number
  pages: number
  /** The listing is known to be incomplete, and why (the snapshot still completes). */
  warnings: string[]
  error: string
  errorCode: string
}

/** Payload of the "refresh:done" event. */
export interface RefreshSummary {
  jobId: string
  done: number
  failed: number
  canceled: number
  results: RefreshProgress[]
}

export interface SignOutRequest {
  connectionId: number
  sessionId: string
  reason: string
}

export type SignOutOutcome = 'ended' | 'already_gone' | 'failed'

export interface SignOutResult {
  sessionId: string
  outcome: SignOutOutcome | string
  message: string
  auditId: number
}

export interface AuditEntry {
  id: number
  at: string
  actor: string
  action: string
  connection: string
  target: string
  reason: string
  result: string
  detail: string
}

export interface AboutInfo {
  version: string
  home: string
  keyring: string
  /** Credits the bundled data's licences ask for (DB-IP Lite City: CC BY 4.0). */
  attributions: string[]
  /** The enrichment sources in use, one line each, with build dates. */
  geoData: string[]
}

export type ThemePreference = 'auto' | 'light' | 'dark'

// The review views' shapes (map, travel, snapshots, comparisons, facets, login history, GeoIP
// settings) live in reviewTypes.ts, those of flags, policies and the weekly review in
// flagTypes.ts; everything imports them all from here.
export * from './reviewTypes'
export * from './flagTypes'
