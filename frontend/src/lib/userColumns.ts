import type { UserRow, UserSortKey } from '../api'
import { formatCount, formatFull, formatRelative } from './format'
import { gridTemplate, minGridWidth, type GridColumn } from './grid'

export type UserColumn = GridColumn<UserRow, UserSortKey>

export function orgsText(row: UserRow): string {
  return row.connections.length ? row.connections.join(', ') : '—'
}

/** A right-aligned count that sorts, largest first. */
function countColumn(id: 'sessions' | 'countries', label: string, min: number): UserColumn {
  return { id, label, sortKey: id, min, fr: 0.3, className: 'tabular', numeric: true, text: (r) => formatCount(r[id]) }
}

export const USER_COLUMNS: UserColumn[] = [
  {
    id: 'user',
    label: 'User',
    sortKey: 'username',
    min: 240, fr: 2,
    text: (r) => r.username || '—',
    sub: (r) => r.name,
    title: (r) => `${r.username}${r.name ? ` — ${r.name}` : ''}`,
  },
  { id: 'orgs', label: 'Orgs', sortKey: null, min: 160, fr: 1.6, text: orgsText, title: orgsText },
  // Someone holding several sessions at once is what this view is for: their count stands out.
  { ...countColumn('sessions', 'Sessions', 96), cellClass: (r) => (r.sessions > 1 ? 'many' : '') },
  countColumn('countries', 'Countries', 100),
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

export const USER_GRID = gridTemplate(USER_COLUMNS)
export const USER_TABLE_MIN = minGridWidth(USER_COLUMNS)
