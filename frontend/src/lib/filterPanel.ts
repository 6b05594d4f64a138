import { emptyFilter, type SessionFilter } from '../api'

/** The filter fields the "More filters" panel edits (the bar has search, session type and org). */
export const PANEL_KEYS = [
  'countries',
  'city',
  'asn',
  'loginType',
  'securityLevel',
  'deviceType',
  'browser',
  'platform',
  'createdFrom',
  'createdTo',
  'activeFrom',
  'activeTo',
  'newOnly',
] as const satisfies readonly (keyof SessionFilter)[]

export type PanelKey = (typeof PANEL_KEYS)[number]

/** Text fields typed into (applied after the debounce). */
export const PANEL_TEXT_KEYS = ['city', 'asn', 'browser', 'platform'] as const satisfies readonly PanelKey[]
export type PanelTextKey = (typeof PANEL_TEXT_KEYS)[number]

export const PANEL_TIME_KEYS = ['createdFrom', 'createdTo', 'activeFrom', 'activeTo'] as const satisfies readonly PanelKey[]
export type PanelTimeKey = (typeof PANEL_TIME_KEYS)[number]

export const TEXT_DEBOUNCE_MS = 250

/** How many panel fields are set. */
export function panelCount(f: SessionFilter): number {
  return PANEL_KEYS.filter((k) => {
    const v = f[k]
    return Array.isArray(v) ? v.length > 0 : typeof v === 'boolean' ? v : v !== ''
  }).length
}

/** A patch that empties every panel field. */
export function panelCleared(): Partial<SessionFilter> {
  const base = emptyFilter()
  const out: Partial<SessionFilter> = {}
  for (const k of PANEL_KEYS) (out as Record<string, unknown>)[k] = base[k]
  return out
}
