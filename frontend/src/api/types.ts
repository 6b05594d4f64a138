// Plain shapes of what crosses the bridge. The generated classes in wailsjs/go/models.ts carry
// the same fields; checks.ts proves at compile time that the two stay in step.

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

export interface MapQuery {
  filter: SessionFilter
  /** Places, largest first; 0 = 5000. */
  limit: number
}

export interface MapPlace {
  /** The place key; set it as filter.place to show its sessions. */
  place: string
  city: string
  subdivision: string
  country: string
  countryCode: string
  latitude: number
  longitude: number
  sessions: number
  /** User accounts (a user in two orgs counts in each). */
  users: number
}

export interface MapView {
  places: MapPlace[]
  /** Places in all (more than places.length when cut). */
  total: number
  located: number
  unlocated: number
}

export interface PlaceUser {
  username: string
  name: string
  sessions: number
}

export interface TravelStop {
  connection: string
  displayId: string
  place: string
  city: string
  country: string
  latitude: number
  longitude: number
  at: string
  sourceIp: string
}

export interface TravelLeg {
  /** Indexes into stops. */
  from: number
  to: number
  km: number
  hours: number
  /** Implied speed; 0 when both logins were at the same instant. */
  kmh: number
  /** Faster than an airliner over 500 km or more. */
  impossible: boolean
}

export interface TravelView {
  username: string
  stops: TravelStop[]
  legs: TravelLeg[]
  unlocated: number
}

export interface SnapshotView {
  id: number
  connectionId: number
  connection: string
  startedAt: string
  finishedAt: string
  status: string
  sessions: number
  error: string
  current: boolean
  /** Its sessions are still kept, so it can be compared. */
  comparable: boolean
  meta: Record<string, string>
}

/** Two snapshots of one org (0/0 = its latest against the one before); connectionId 0 = every org. */
export interface CompareQuery {
  connectionId: number
  from: number
  to: number
}

export interface UserDevice {
  username: string
  browser: string
  platform: string
}

export interface OrgDiff {
  connectionId: number
  connection: string
  from: string
  to: string
  fromSessions: number
  toSessions: number
  newSessions: number
  endedSessions: number
}

export interface DiffView {
  orgs: OrgDiff[]
  newSessions: number
  endedSessions: number
  newUsers: string[]
  newUserCount: number
  newCountries: string[]
  newDevices: UserDevice[]
  newDeviceCount: number
  /** Orgs with nothing to compare yet, and why. */
  skipped: string[]
}

export interface Country {
  code: string
  name: string
}

export interface Facets {
  countries: Country[]
  sessionTypes: string[]
  loginTypes: string[]
  securityLevels: string[]
  deviceTypes: string[]
}

export interface GeoSettings {
  cityDb: string
  asnDb: string
  inUse: string[]
  attributions: string[]
}

export type ThemePreference = 'auto' | 'light' | 'dark'

export interface LoginView {
  at: string
  status: string
  sourceIp: string
  detail: string
  /** "City, CC" of the address; '' when unknown. */
  place: string
}

/** A user's recent logins; supported=false where the server keeps none the app can read. */
export interface LoginHistoryView {
  supported: boolean
  logins: LoginView[]
}
