import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import { describeError, plainFilter, sessionsApi, type MapPlace, type PlaceUser, type TravelView } from '../api'
import { useFiltersStore } from './filters'
import { useRefreshStore } from './refresh'

/** Places the map asks for (the largest first); the backend says how many there are in all. */
export const MAP_PLACE_LIMIT = 5000
/** Tooltip user lists kept per filter generation. */
const MAX_CACHED_PLACE_USERS = 300

function located(p: MapPlace): boolean {
  return (
    Number.isFinite(p.latitude) &&
    Number.isFinite(p.longitude) &&
    Math.abs(p.latitude) <= 90 &&
    Math.abs(p.longitude) <= 180 &&
    typeof p.place === 'string'
  )
}

/**
 * The session map: the shared filter's sessions aggregated by place, and one user's travel path.
 * Fetches only while the Map view is shown; a filter change while it is hidden marks the data
 * stale and it is fetched again when the view opens. Answers to superseded requests are dropped.
 */
export const useMapStore = defineStore('map', () => {
  const filters = useFiltersStore()

  const places = shallowRef<MapPlace[]>([])
  /** Places in all (more than places.length when the answer was cut at MAP_PLACE_LIMIT). */
  const total = ref(0)
  const located_ = ref(0)
  const unlocated = ref(0)
  const loading = ref(false)
  const error = ref('')
  /** An answer has arrived at least once (tells "empty" from "not loaded yet"). */
  const loaded = ref(false)
  /** Bumped whenever places are replaced (the canvas rebuilds its point cache). */
  const version = ref(0)

  let active = false
  let stale = true
  let seq = 0
  /** Bumped when the data underneath changed (refresh): cached tooltips are dropped. */
  let epoch = 0

  async function load(): Promise<void> {
    const mine = ++seq
    loading.value = true
    error.value = ''
    try {
      const v = await sessionsApi.map({ filter: plainFilter(filters.filter), limit: MAP_PLACE_LIMIT })
      if (mine !== seq) return
      places.value = v.places.filter(located).sort((a, b) => b.sessions - a.sessions || a.place.localeCompare(b.place))
      total.value = Math.max(v.total, places.value.length)
      located_.value = v.located
      unlocated.value = v.unlocated
      loaded.value = true
      version.value++
    } catch (e) {
      if (mine !== seq) return
      error.value = describeError(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  /** Fetches now when the view is shown, else on its next activation. */
  function reload(): void {
    if (active) void load()
    else stale = true
  }

  /** The Map view opened: fetch if anything changed while it was hidden. */
  function activate(): void {
    active = true
    if (stale || !loaded.value) {
      stale = false
      void load()
    }
  }

  function deactivate(): void {
    active = false
  }

  function retry(): void {
    void load()
  }

  // --- Tooltip: the top users at a place, fetched lazily and cached per filter generation. ---

  const usersCache = new Map<string, Promise<PlaceUser[]>>()
  let usersCacheKey = ''

  /** The users with most sessions at a place under the current filter (cached). */
  function placeUsers(place: string): Promise<PlaceUser[]> {
    const gen = `${filters.generation}|${epoch}`
    if (gen !== usersCacheKey) {
      usersCache.clear()
      usersCacheKey = gen
    }
    const hit = usersCache.get(place)
    if (hit) return hit
    if (usersCache.size >= MAX_CACHED_PLACE_USERS) usersCache.clear()
    const p = sessionsApi.placeUsers(plainFilter(filters.filter), place)
    usersCache.set(place, p)
    p.catch(() => {
      if (usersCache.get(place) === p) usersCache.delete(place) // try again on the next hover
    })
    return p
  }

  // --- Travel: one user's logins in time order. ---

  const travel = shallowRef<TravelView | null>(null)
  /** Whose travel is shown ('' = nobody). */
  const travelUser = ref('')
  const travelLoading = ref(false)
  const travelError = ref('')
  let travelSeq = 0
  let travelKey = ''

  /**
   * Shows a user's travel across the selected orgs ('' clears it). Asking again for the same
   * user and orgs does nothing unless force is set.
   */
  async function travelFor(username: string, force = false): Promise<void> {
    const name = username.trim()
    const ids = [...filters.filter.connectionIds]
    const key = name ? `${name.toLowerCase()}|${ids.join(',')}` : ''
    if (key === travelKey && !force) return
    travelKey = key
    const mine = ++travelSeq
    if (travelUser.value.toLowerCase() !== name.toLowerCase()) travel.value = null
    travelUser.value = name
    travelError.value = ''
    if (!name) {
      travel.value = null
      travelLoading.value = false
      return
    }
    travelLoading.value = true
    try {
      const v = await sessionsApi.travel(name, ids)
      if (mine === travelSeq) travel.value = v
    } catch (e) {
      if (mine === travelSeq) {
        travel.value = null
        travelError.value = describeError(e)
      }
    } finally {
      if (mine === travelSeq) travelLoading.value = false
    }
  }

  // The shared filter (sidebar orgs, chips, the map's own place clicks) applies to the map.
  watch(
    () => filters.generation,
    () => reload(),
  )

  // A refresh replaced the snapshots: the same filter now means other sessions.
  watch(
    () => useRefreshStore().lastSummary,
    () => {
      epoch++
      reload()
      if (travelUser.value) void travelFor(travelUser.value, true)
    },
  )

  return {
    places,
    total,
    located: located_,
    unlocated,
    loading,
    error,
    loaded,
    version,
    travel,
    travelUser,
    travelLoading,
    travelError,
    load,
    reload,
    activate,
    deactivate,
    retry,
    placeUsers,
    travelFor,
  }
})
