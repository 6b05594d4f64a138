import type { UserRow, UserSortKey } from '../api'
import { formatCount, formatFull, formatRelative } from './format'

export interface UserColumn {
  id: string
  label: string
  sortKey: UserSortKey | null
  /** Minimum width in px and share of the spare width. */
  min: number
  fr: number
  className?: string
  text: (row: UserRow, now: number) => string
  title?: (row: UserRow) => string
}

export const USER_ROW_HEIGHT = 30
export const USER_HEADER_HEIGHT = 30

export function orgsText(row: UserRow): string {
  return row.connections.length ? row.connections.join(', ') : '—'
}

export const USER_COLUMNS: UserColumn[] = [
  { id: 'user', label: 'User', sortKey: 'username', min: 240, fr: 2, text: (r) => r.username },
  { id: 'orgs', label: 'Orgs', sortKey: null, min: 160, fr: 1.6, text: orgsText, title: orgsText },
  {
    id: 'sessions',
    label: 'Sessions',
    sortKey: 'sessions',
    min: 96, fr: 0.3,
    className: 'tabular num',
    text: (r) => formatCount(r.sessions),
  },
  {
    id: 'countries',
    label: 'Countries',
    sortKey: 'countries',
    min: 100, fr: 0.3,
    className: 'tabular num',
    text: (r) => formatCount(r.countries),
  },
  {
    id: 'lastActive',
    label: 'Last active',
    sortKey: 'last_active_at',
    min: 120, fr: 0.5,
    className: 'tabular',
    text: (r, now) => formatRelative(r.lastActiveAt, now),
    title: (r) => formatFull(r.lastActiveAt),
  },
]

export const USER_GRID = USER_COLUMNS.map((c) => `minmax(${c.min}px, ${c.fr}fr)`).join(' ')
export const USER_TABLE_MIN = USER_COLUMNS.reduce((n, c) => n + c.min, 0)
