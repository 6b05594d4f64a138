import type { SessionRow, SortKey } from '../../api'
import { formatDateTime, formatFull, formatLocation, formatRelative, orDash } from '../../utils/format'

export interface Column {
  id: string
  label: string
  sortKey: SortKey
  /** Minimum width in px and share of the spare width. */
  min: number
  fr: number
  /** Only shown when several orgs are in the table. */
  multiOrgOnly?: boolean
  text: (row: SessionRow, now: number) => string
  title?: (row: SessionRow) => string
  className?: string
}

export const ROW_HEIGHT = 30
export const HEADER_HEIGHT = 30

export const COLUMNS: Column[] = [
  { id: 'username', label: 'Username', sortKey: 'username', min: 200, fr: 2, text: (r) => r.username },
  {
    id: 'connection',
    label: 'Org',
    sortKey: 'connection',
    min: 100, fr: 0.8,
    multiOrgOnly: true,
    text: (r) => orDash(r.connection),
  },
  { id: 'sessionType', label: 'Session Type', sortKey: 'session_type', min: 112, fr: 0.7, text: (r) => orDash(r.sessionType) },
  { id: 'loginType', label: 'Login Type', sortKey: 'login_type', min: 100, fr: 0.9, text: (r) => orDash(r.loginType) },
  {
    id: 'createdAt',
    label: 'Login Time',
    sortKey: 'created_at',
    min: 140, fr: 0.5,
    className: 'tabular',
    text: (r) => formatDateTime(r.createdAt),
    title: (r) => formatFull(r.createdAt),
  },
  {
    id: 'lastActiveAt',
    label: 'Last Active',
    sortKey: 'last_active_at',
    min: 104, fr: 0.3,
    className: 'tabular',
    text: (r, now) => formatRelative(r.lastActiveAt, now),
    title: (r) => formatFull(r.lastActiveAt),
  },
  { id: 'sourceIp', label: 'Source IP', sortKey: 'source_ip', min: 116, fr: 0.8, className: 'mono', text: (r) => orDash(r.sourceIp) },
  { id: 'location', label: 'Location', sortKey: 'location', min: 104, fr: 0.8, text: (r) => formatLocation(r) },
  { id: 'securityLevel', label: 'Security Level', sortKey: 'security_level', min: 124, fr: 0.4, text: (r) => orDash(r.securityLevel) },
]

export function visibleColumns(multiOrg: boolean): Column[] {
  return COLUMNS.filter((c) => multiOrg || !c.multiOrgOnly)
}

export function gridTemplate(cols: Column[]): string {
  return cols.map((c) => `minmax(${c.min}px, ${c.fr}fr)`).join(' ')
}

/** Header and rows share this minimum so their columns line up when scrolled sideways. */
export function minTableWidth(cols: Column[]): number {
  return cols.reduce((n, c) => n + c.min, 0)
}
