import type { SessionRow, SortKey } from '../api'
import { NOT_REPORTED, formatDateTime, formatFull, formatLocation, formatRelative, orDash } from './format'
import { gridTemplate as tracks, minGridWidth, type GridColumn } from './grid'
import { flagLines, flagRules, topSeverity } from './flagColumns'
import { ruleWords } from './flagFilter'

export interface Column extends GridColumn<SessionRow, SortKey> {
  /** Shown until the user hides it in the column chooser. */
  defaultVisible: boolean
  /** False: always shown, the chooser cannot hide it. */
  hideable?: boolean
  /** Only shown when several orgs are in the table. */
  multiOrgOnly?: boolean
}

/** The trailing grid track that holds the column chooser in the header. */
export const CHOOSER_WIDTH = 28

/** A date and time column, the full time in its tooltip. */
function timeColumn(id: string, label: string, sortKey: SortKey, defaultVisible: boolean, at: (r: SessionRow) => string): Column {
  return { id, label, sortKey, min: 140, fr: 0.5, defaultVisible, className: 'tabular', text: (r) => formatDateTime(at(r)), title: (r) => formatFull(at(r)) }
}

/** "AS15169 Google LLC", whatever part is known. */
export function formatAsn(r: Pick<SessionRow, 'asn' | 'asnOrg'>): string {
  const parts = [r.asn > 0 ? `AS${r.asn}` : '', r.asnOrg?.trim() ?? ''].filter((p) => p !== '')
  return parts.length ? parts.join(' ') : '—'
}

export const COLUMNS: Column[] = [
  {
    id: 'username',
    label: 'Username',
    sortKey: 'username',
    min: 200, fr: 2,
    defaultVisible: true,
    hideable: false,
    text: (r) => r.username || '—',
    sub: (r) => r.name,
    title: (r) => `${r.username}${r.name ? ` — ${r.name}` : ''}`,
  },
  {
    id: 'connection',
    label: 'Org',
    sortKey: 'connection',
    min: 100, fr: 0.8,
    defaultVisible: true,
    multiOrgOnly: true,
    text: (r) => orDash(r.connection),
  },
  { id: 'sessionType', label: 'Session Type', sortKey: 'session_type', min: 112, fr: 0.7, defaultVisible: true, text: (r) => orDash(r.sessionType) },
  { id: 'loginType', label: 'Login Type', sortKey: 'login_type', min: 100, fr: 0.9, defaultVisible: true, text: (r) => orDash(r.loginType) },
  timeColumn('createdAt', 'Login Time', 'created_at', true, (r) => r.createdAt),
  {
    id: 'lastActiveAt',
    label: 'Last Active',
    sortKey: 'last_active_at',
    min: 104, fr: 0.3,
    defaultVisible: true,
    className: 'tabular',
    text: (r, now) => (r.lastActiveUnreported ? 'not reported' : formatRelative(r.lastActiveAt, now)),
    title: (r) => (r.lastActiveUnreported ? NOT_REPORTED : formatFull(r.lastActiveAt)),
  },
  { id: 'sourceIp', label: 'Source IP', sortKey: 'source_ip', min: 116, fr: 0.8, defaultVisible: true, className: 'mono', text: (r) => orDash(r.sourceIp) },
  { id: 'location', label: 'Location', sortKey: 'location', min: 104, fr: 0.8, defaultVisible: true, text: (r) => formatLocation(r) },
  { id: 'securityLevel', label: 'Security Level', sortKey: 'security_level', min: 124, fr: 0.4, defaultVisible: true, text: (r) => orDash(r.securityLevel) },
  // Hidden until chosen. None of these has a backend sort key, except Expires and User Type.
  {
    id: 'country',
    label: 'Country',
    sortKey: null,
    min: 76, fr: 0.3,
    defaultVisible: false,
    text: (r) => orDash(r.countryCode || r.country),
    title: (r) => orDash(r.country ? (r.countryCode ? `${r.country} (${r.countryCode})` : r.country) : r.countryCode),
  },
  { id: 'city', label: 'City', sortKey: null, min: 100, fr: 0.6, defaultVisible: false, text: (r) => orDash(r.city) },
  { id: 'asn', label: 'ASN / ISP', sortKey: null, min: 150, fr: 1, defaultVisible: false, text: (r) => formatAsn(r) },
  { id: 'deviceType', label: 'Device', sortKey: null, min: 90, fr: 0.4, defaultVisible: false, text: (r) => orDash(r.deviceType) },
  { id: 'browser', label: 'Browser', sortKey: null, min: 100, fr: 0.5, defaultVisible: false, text: (r) => orDash(r.browser), title: (r) => orDash(r.userAgent || r.browser) },
  { id: 'platform', label: 'OS', sortKey: null, min: 100, fr: 0.5, defaultVisible: false, text: (r) => orDash(r.platform) },
  timeColumn('expiresAt', 'Expires', 'expires_at', false, (r) => r.expiresAt),
  {
    // Every row shows a flag badge by its username; this column spells out the rules.
    id: 'flags',
    label: 'Flags',
    sortKey: null,
    min: 120, fr: 0.8,
    defaultVisible: false,
    text: (r) => flagRules(r.flags).map(ruleWords).join(', ') || '—',
    title: (r) => flagLines(r.flags) || 'No flags',
    cellClass: (r) => (topSeverity(r.flags) ? `flag-text-${topSeverity(r.flags)}` : ''),
  },
  { id: 'userType', label: 'User Type', sortKey: 'user_type', min: 100, fr: 0.5, defaultVisible: false, text: (r) => orDash(r.userType) },
]

export const COLUMN_IDS = COLUMNS.map((c) => c.id)

/** The ids shown by default. */
export function defaultShown(): Set<string> {
  return new Set(COLUMNS.filter((c) => c.defaultVisible || c.hideable === false).map((c) => c.id))
}

/** The columns to render: the chosen ones (default set when none given), Org only for several orgs. */
export function visibleColumns(multiOrg: boolean, shown: ReadonlySet<string> = defaultShown()): Column[] {
  return COLUMNS.filter((c) => (multiOrg || !c.multiOrgOnly) && (c.hideable === false || shown.has(c.id)))
}

/** The columns plus the chooser's trailing track (header and rows share it so cells line up). */
export function gridTemplate(cols: Column[]): string {
  return tracks(cols, CHOOSER_WIDTH)
}

/** Header and rows share this minimum so their columns line up when scrolled sideways. */
export function minTableWidth(cols: Column[]): number {
  return minGridWidth(cols, CHOOSER_WIDTH)
}

/**
 * The attributes every session row carries, in the sessions table and in the Flagged view:
 * selected or not, and the session, org, user and flag rules for tests and styles.
 */
export function sessionRowAttrs(row: SessionRow, selected: boolean): Record<string, unknown> {
  return {
    'aria-selected': selected,
    'data-session-id': row.id,
    'data-connection-id': row.connectionId,
    'data-username': row.username,
    'data-flag-rules': flagRules(row.flags).join(' '),
  }
}
