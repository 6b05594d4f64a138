import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { emptyFilter, settingsApi, type SessionFilter } from '../api'
import { flagFields, ruleWords, type FlagChoice } from '../lib/flagFilter'

/** One active filter as a removable chip. */
export interface FilterChip {
  key: keyof SessionFilter
  label: string
  value: string
}

/** A named filter the user saved. Connections are kept, so a view can be one org's. */
export interface SavedView {
  name: string
  filter: SessionFilter
}

const LABELS: Partial<Record<keyof SessionFilter, string>> = {
  user: 'User',
  username: 'Only user',
  ip: 'IP',
  sessionType: 'Session type',
  countries: 'Country',
  city: 'City',
  place: 'Place',
  asn: 'ASN',
  loginType: 'Login type',
  securityLevel: 'Security',
  browser: 'Browser',
  platform: 'OS',
  deviceType: 'Device',
  createdFrom: 'Login after',
  createdTo: 'Login before',
  activeFrom: 'Active after',
  activeTo: 'Active before',
  newOnly: 'New since previous snapshot',
  text: 'Search',
  flagged: 'Flagged',
  flagRule: 'Flag',
  flagSeverity: 'Severity',
}

/** Keys shown as chips (connections have the sidebar). */
const CHIP_KEYS = Object.keys(LABELS) as (keyof SessionFilter)[]

function isSet(f: SessionFilter, key: keyof SessionFilter): boolean {
  const v = f[key]
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'boolean') return v
  return v !== ''
}

function chipValue(f: SessionFilter, key: keyof SessionFilter): string {
  const v = f[key]
  if (Array.isArray(v)) return v.join(', ')
  if (typeof v === 'boolean') return ''
  if (key.endsWith('From') || key.endsWith('To')) return String(v).replace('T', ' ').replace(/:00Z$|Z$/, '')
  if (key === 'flagRule') return ruleWords(String(v))
  return String(v)
}

/** A detached, complete copy (saved views may come from an older build with fewer fields). */
export function copyFilter(f: Partial<SessionFilter>): SessionFilter {
  const base = emptyFilter()
  const out = { ...base, ...f } as SessionFilter
  out.connectionIds = Array.isArray(f.connectionIds) ? f.connectionIds.filter((n) => typeof n === 'number') : []
  out.countries = Array.isArray(f.countries) ? f.countries.filter((c) => typeof c === 'string') : []
  for (const k of Object.keys(base) as (keyof SessionFilter)[]) {
    if (typeof out[k] !== typeof base[k]) (out as unknown as Record<string, unknown>)[k] = base[k]
  }
  return out
}

/**
 * The filter the sessions table, the users view and the map share. Every change bumps
 * `generation`, which the views watch to fetch again.
 */
export const useFiltersStore = defineStore('filters', () => {
  const filter = reactive<SessionFilter>(emptyFilter())
  const generation = ref(0)
  const views = ref<SavedView[]>([])
  const viewsError = ref('')

  function changed(): void {
    generation.value++
  }

  /** Sets one field; returns whether anything changed. */
  function set<K extends keyof SessionFilter>(key: K, value: SessionFilter[K]): boolean {
    const cur = filter[key]
    if (Array.isArray(cur) && Array.isArray(value)) {
      if (cur.length === value.length && cur.every((x, i) => x === (value as unknown[])[i])) return false
      ;(filter[key] as unknown) = [...value]
    } else {
      if (cur === value) return false
      filter[key] = value
    }
    changed()
    return true
  }

  /** Sets several fields at once (one change). */
  function patch(p: Partial<SessionFilter>): void {
    let any = false
    for (const [k, v] of Object.entries(p) as [keyof SessionFilter, SessionFilter[keyof SessionFilter]][]) {
      const cur = filter[k]
      const same = Array.isArray(cur) && Array.isArray(v) ? cur.length === v.length && cur.every((x, i) => x === v[i]) : cur === v
      if (same) continue
      ;(filter[k] as unknown) = Array.isArray(v) ? [...v] : v
      any = true
    }
    if (any) changed()
  }

  function clear(key: keyof SessionFilter): void {
    const base = emptyFilter()
    set(key, base[key])
  }

  /** The flag part of the filter as one choice (lib/flagFilter): the table, users and map follow it. */
  function setFlagChoice(choice: FlagChoice): void {
    patch(flagFields(choice))
  }

  /** Clears every filter but the selected connections. */
  function clearAll(): void {
    const { connectionIds: _keep, ...rest } = emptyFilter()
    patch(rest)
  }

  const chips = computed<FilterChip[]>(() =>
    CHIP_KEYS.filter((k) => isSet(filter, k)).map((k) => ({ key: k, label: LABELS[k] ?? k, value: chipValue(filter, k) })),
  )

  /** Anything beyond the connection choice. */
  const active = computed(() => chips.value.length > 0)

  async function loadViews(): Promise<void> {
    try {
      const text = await settingsApi.preference('views')
      const parsed: unknown = text ? JSON.parse(text) : []
      views.value = Array.isArray(parsed)
        ? parsed
            .filter((v): v is SavedView => !!v && typeof v === 'object' && typeof (v as SavedView).name === 'string')
            .map((v) => ({ name: v.name, filter: copyFilter(v.filter ?? {}) }))
        : []
      viewsError.value = ''
    } catch (e) {
      views.value = []
      viewsError.value = e instanceof Error ? e.message : String(e)
    }
  }

  async function persistViews(next: SavedView[]): Promise<void> {
    await settingsApi.setPreference('views', JSON.stringify(next))
    views.value = next
  }

  /** Saves the current filter under name (replacing a view of that name). */
  async function saveView(name: string): Promise<void> {
    const n = name.trim()
    if (!n) throw new Error('Give the view a name')
    const next = views.value.filter((v) => v.name !== n)
    next.push({ name: n, filter: copyFilter(filter) })
    next.sort((a, b) => a.name.localeCompare(b.name))
    await persistViews(next)
  }

  async function deleteView(name: string): Promise<void> {
    await persistViews(views.value.filter((v) => v.name !== name))
  }

  function applyView(name: string): void {
    const v = views.value.find((x) => x.name === name)
    if (v) patch(copyFilter(v.filter))
  }

  return {
    filter,
    generation,
    chips,
    active,
    views,
    viewsError,
    set,
    patch,
    clear,
    clearAll,
    setFlagChoice,
    loadViews,
    saveView,
    deleteView,
    applyView,
  }
})
