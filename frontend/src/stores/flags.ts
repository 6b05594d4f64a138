import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import {
  describeError,
  flagsApi,
  plainFilter,
  type FlagCount,
  type RuleView,
  type SessionRow,
  type SortKey,
} from '../api'
import { reactiveWindowCache } from '../composables/windowedRows'
import { ruleWords } from '../lib/flagFilter'
import { useFiltersStore } from './filters'
import { useRefreshStore } from './refresh'
import { useMapStore } from './map'
import { useSessionsStore } from './sessions'
import { useUsersStore } from './users'

export const FLAGGED_WINDOW = 200
const MAX_WINDOWS = 10
/** Places asked for when marking the map's flagged places. */
const PLACE_LIMIT = 5000

/**
 * Flags in the window: the rules (labels for badges, the picker), flag counts per org for the
 * sidebar, the Flagged view's rows (the shared filter's flagged sessions, most severe first),
 * and how many flagged sessions each map place holds. Counts and rows are read again after a
 * refresh and after a policy change (`changed()`).
 */
export const useFlagsStore = defineStore('flags', () => {
  const filters = useFiltersStore()
  const rules = ref<RuleView[]>([])
  const counts = ref<FlagCount[]>([])
  const countsError = ref('')
  /** Flagged sessions per map place key, under the shared filter. */
  const flaggedPlaces = shallowRef<Record<string, number>>({})

  const byConnection = computed(() => new Map(counts.value.map((c) => [c.connectionId, c])))
  const totalFlagged = computed(() => counts.value.reduce((n, c) => n + c.flagged, 0))

  function label(rule: string): string {
    return rules.value.find((r) => r.rule === rule)?.label ?? ruleWords(rule)
  }

  async function loadRules(): Promise<void> {
    if (rules.value.length) return
    try {
      rules.value = await flagsApi.rules()
    } catch {
      rules.value = [] // labels fall back to the rule names
    }
  }

  async function loadCounts(): Promise<void> {
    try {
      counts.value = await flagsApi.counts()
      countsError.value = ''
    } catch (e) {
      countsError.value = describeError(e)
    }
  }

  // --- The Flagged view: a window cache like the table's; the sort is the backend's. ---
  const sort = ref<SortKey>('last_active_at')
  const desc = ref(true)
  const queryGeneration = ref(0)
  const { cache, total, loading, error, version, rowAt } = reactiveWindowCache<SessionRow>({
    windowSize: FLAGGED_WINDOW,
    maxWindows: MAX_WINDOWS,
    fetch: (offset, limit) => flagsApi.flagged({ filter: plainFilter(filters.filter), sort: sort.value, desc: desc.value, offset, limit }),
  })
  let active = false
  let stale = true

  function resetRows(): void {
    if (!active) {
      stale = true
      return
    }
    queryGeneration.value++
    cache.invalidate()
    cache.request(0, FLAGGED_WINDOW)
  }

  /** The Flagged view opened: fetch if anything changed while it was hidden. */
  function activate(): void {
    active = true
    if (stale) {
      stale = false
      resetRows()
    }
  }
  function deactivate(): void {
    active = false
  }
  function requestRange(start: number, end: number): void {
    cache.request(start, end)
  }
  /** The view has one order (most severe, then newest activity): headers do not sort. */
  function toggleSort(): void {}
  function retry(): void {
    cache.retry()
  }

  let placesSeq = 0
  let placesAsked = false
  /** Counts the flagged sessions at each place under the shared filter (for the map's list). */
  async function loadPlaces(): Promise<void> {
    const mine = ++placesSeq
    placesAsked = true
    try {
      const v = await flagsApi.places(plainFilter(filters.filter), PLACE_LIMIT)
      if (mine === placesSeq) flaggedPlaces.value = v
    } catch {
      if (mine === placesSeq) flaggedPlaces.value = {}
    }
  }

  /**
   * Flags changed underneath (a policy change): counts, Flagged rows, the table's badges, and
   * whatever a flag filter selects in the users view and on the map.
   */
  function changed(): void {
    void loadCounts()
    resetRows()
    useSessionsStore().reloadRows()
    useUsersStore().reloadRows()
    useMapStore().reload()
    if (placesAsked) void loadPlaces()
  }

  watch(
    () => filters.generation,
    () => resetRows(),
  )
  watch(
    () => useRefreshStore().lastSummary,
    () => {
      void loadCounts()
      resetRows()
    },
  )

  return {
    rules,
    counts,
    countsError,
    byConnection,
    totalFlagged,
    flaggedPlaces,
    label,
    loadRules,
    loadCounts,
    loadPlaces,
    changed,
    // GridSource of the Flagged view
    sort,
    desc,
    total,
    loading,
    error,
    version,
    queryGeneration,
    rowAt,
    requestRange,
    toggleSort,
    retry,
    activate,
    deactivate,
  }
})
