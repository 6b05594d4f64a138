// The columns of the Flagged view and the Flags column of the sessions table: severity first,
// the rules by their labels, the reasons with their numbers.
import type { Flag, SessionRow } from '../api'
import { formatFull, formatLocation, formatRelative, orDash } from './format'
import type { GridColumn } from './grid'
import { ruleWords } from './flagFilter'

const RANK: Record<string, number> = { high: 3, medium: 2, low: 1 }

/** The most severe flag's severity ('' when none). Flags come most severe first, but a mock may not. */
export function topSeverity(flags: readonly Flag[] | undefined): string {
  let best = ''
  for (const f of flags ?? []) if ((RANK[f.severity] ?? 0) > (RANK[best] ?? 0)) best = f.severity
  return best
}

/** Every flag as "Label: reason", one a line (the tooltip of a badge). */
export function flagLines(flags: readonly Flag[] | undefined, label: (rule: string) => string = ruleWords): string {
  return (flags ?? []).map((f) => `${label(f.rule)} (${f.severity}): ${f.reason}`).join('\n')
}

/** The distinct rules of the flags, in their order. */
export function flagRules(flags: readonly Flag[] | undefined): string[] {
  return [...new Set((flags ?? []).map((f) => f.rule))]
}

export function flaggedColumns(label: (rule: string) => string, multiOrg: boolean): GridColumn<SessionRow>[] {
  const cols: GridColumn<SessionRow>[] = [
    {
      id: 'severity',
      label: 'Severity',
      sortKey: null,
      min: 84,
      fr: 0.2,
      text: (r) => topSeverity(r.flags) || '—',
      cellClass: (r) => `sev sev-${topSeverity(r.flags) || 'none'}`,
    },
    {
      id: 'username',
      label: 'User',
      sortKey: null,
      min: 180,
      fr: 1.2,
      text: (r) => r.username || '—',
      sub: (r) => r.name,
    },
    { id: 'connection', label: 'Org', sortKey: null, min: 100, fr: 0.6, text: (r) => orDash(r.connection) },
    {
      id: 'rules',
      label: 'Flags',
      sortKey: null,
      min: 160,
      fr: 1,
      text: (r) => flagRules(r.flags).map(label).join(', ') || '—',
      title: (r) => flagLines(r.flags, label),
    },
    {
      id: 'reason',
      label: 'Why',
      sortKey: null,
      min: 240,
      fr: 2.4,
      text: (r) => {
        const f = r.flags ?? []
        if (!f.length) return '—'
        return f.length > 1 ? `${f[0].reason} (+${f.length - 1} more)` : f[0].reason
      },
      title: (r) => flagLines(r.flags, label),
    },
    { id: 'location', label: 'Location', sortKey: null, min: 110, fr: 0.6, text: (r) => formatLocation(r) },
    {
      id: 'lastActiveAt',
      label: 'Last Active',
      sortKey: null,
      min: 100,
      fr: 0.3,
      className: 'tabular',
      text: (r, now) => formatRelative(r.lastActiveAt, now),
      title: (r) => formatFull(r.lastActiveAt),
    },
  ]
  return multiOrg ? cols : cols.filter((c) => c.id !== 'connection')
}
