import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { plainFilter, sessionsApi, type UserRow, type UserSortKey } from '../api'
import { reactiveWindowCache } from '../composables/windowedRows'
import { useFiltersStore } from './filters'
import { useSessionsStore } from './sessions'
import { useViewStore } from './view'

export const USERS_WINDOW_SIZE = 200
export const USERS_MAX_CACHED_WINDOWS = 20

/**
 * Users across the selected orgs (who holds several sessions, in how many countries), fetched in
 * windows like the sessions table. Fetches only while the Users view is shown; a change while it
 * is hidden marks the rows stale and they are fetched again when it opens.
 */
export const useUsersStore = defineStore('users', () => {
  const sessions = useSessionsStore()
  const filters = useFiltersStore()

  const filter = ref('')
  const sort = ref<UserSortKey>('sessions')
  const desc = ref(true)

  /** Bumped when the query changes (the table scrolls back to the top). */
  const queryGeneration = ref(0)

  let active = false
  let stale = true

  const { cache, total, loading, error, version, rowAt } = reactiveWindowCache<UserRow>({
    windowSize: USERS_WINDOW_SIZE,
    maxWindows: USERS_MAX_CACHED_WINDOWS,
    fetch: (offset, limit) =>
      sessionsApi.users({
        // The shared filter, with this view's own name box (when used) in place of its user prefix.
        filter: { ...plainFilter(filters.filter), ...(filter.value ? { user: filter.value } : {}) },
        sort: sort.value,
        desc: desc.value,
        offset,
        limit,
      }),
  })

  function requestRange(start: number, end: number): void {
    if (active) cache.request(start, end)
  }

  /** Query changed: forget all rows and start from the top. */
  function resetRows(): void {
    queryGeneration.value++
    cache.invalidate()
    if (active) cache.request(0, USERS_WINDOW_SIZE)
    else stale = true
  }

  /** Data changed underneath (refresh): keep position and total, reload what is shown. */
  function reloadRows(): void {
    cache.invalidate({ keepTotal: true })
    if (active) cache.requestLast()
    else stale = true
  }

  /** The Users view opened: fetch if anything changed while it was hidden. */
  function activate(): void {
    active = true
    if (stale) {
      stale = false
      resetRows()
    } else cache.request(0, USERS_WINDOW_SIZE) // the table opens at the top
  }

  function deactivate(): void {
    active = false
  }

  function setFilter(text: string): void {
    const next = text.trim()
    if (next === filter.value) return
    filter.value = next
    resetRows()
  }

  /** Same column: flip the direction. New column: counts and times descending, names ascending. */
  function toggleSort(key: UserSortKey): void {
    if (sort.value === key) desc.value = !desc.value
    else {
      sort.value = key
      desc.value = key !== 'username'
    }
    resetRows()
  }

  /** Switches to the Sessions view, showing exactly this user's sessions in the selected orgs. */
  function openUser(username: string): void {
    sessions.setUsername(username)
    useViewStore().show('sessions')
  }

  function retry(): void {
    cache.retry()
  }

  // The shared filter (sidebar orgs, chips, map) applies to this view too.
  watch(
    () => filters.generation,
    () => resetRows(),
  )

  return {
    filter,
    sort,
    desc,
    total,
    loading,
    error,
    version,
    queryGeneration,
    rowAt,
    requestRange,
    resetRows,
    reloadRows,
    activate,
    deactivate,
    setFilter,
    toggleSort,
    openUser,
    retry,
  }
})
