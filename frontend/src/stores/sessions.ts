import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { plainFilter, sessionsApi, type SessionRow, type SortKey } from '../api'
import { reactiveWindowCache } from '../composables/windowedRows'
import { routeSearch } from '../lib/searchRouting'
import { useFiltersStore } from './filters'

export const WINDOW_SIZE = 200
export const MAX_CACHED_WINDOWS = 20

export function sessionKey(row: Pick<SessionRow, 'connectionId' | 'id'>): string {
  return `${row.connectionId}:${row.id}`
}

/** Which sessions the table shows, the windowed rows, and the selected session. */
export const useSessionsStore = defineStore('sessions', () => {
  // The filter lives in the filters store, shared with the users view and the map.
  const filters = useFiltersStore()
  const f = filters.filter
  /** The one selected org; null = all orgs. */
  const connectionId = computed<number | null>(() => (f.connectionIds.length === 1 ? f.connectionIds[0] : null))
  const searchText = ref('')
  const user = computed(() => f.user)
  /** Exact username (one user's sessions across the selected orgs); '' = any. */
  const username = computed(() => f.username)
  const ip = computed(() => f.ip)
  const sessionType = computed(() => f.sessionType)
  const sort = ref<SortKey>('last_active_at')
  const desc = ref(true)

  /** Bumped when the query changes (the table scrolls back to the top). */
  const queryGeneration = ref(0)

  const selectedKey = ref<string | null>(null)
  const selectedRow = shallowRef<SessionRow | null>(null)
  const selectedIndex = ref(-1)
  /** A keyboard move to a row that is still loading. */
  let pendingIndex = -1

  const sessionTypes = ref<string[]>([])

  const { cache, total, loading, error, version, rowAt } = reactiveWindowCache<SessionRow>({
    windowSize: WINDOW_SIZE,
    maxWindows: MAX_CACHED_WINDOWS,
    fetch: (offset, limit) =>
      sessionsApi.query({
        filter: plainFilter(f),
        sort: sort.value,
        desc: desc.value,
        offset,
        limit,
      }),
    onChange: () => syncSelection(),
  })

  const filtered = computed(() => filters.active)

  // Any change of the shared filter (chips, map click, saved view, sidebar) starts from the top.
  watch(
    () => filters.generation,
    () => resetRows(),
  )

  function requestRange(start: number, end: number): void {
    cache.request(start, end)
  }

  /** Query changed: forget all rows and start from the top. */
  function resetRows(): void {
    selectedIndex.value = -1
    pendingIndex = -1
    queryGeneration.value++
    cache.invalidate()
    cache.request(0, WINDOW_SIZE)
  }

  /** Data changed underneath (refresh, sign-out): keep position and total, reload what is shown. */
  function reloadRows(): void {
    cache.invalidate({ keepTotal: true })
    cache.requestLast()
  }

  function setConnection(id: number | null): void {
    if (connectionId.value === id && (id !== null || f.connectionIds.length === 0)) return
    filters.set('connectionIds', id === null ? [] : [id])
  }

  /** Typing in the filter box leaves the one-user filter and returns to the usual filter. */
  function setSearch(text: string): void {
    searchText.value = text
    const next = routeSearch(text)
    const leaveUser = username.value !== '' && next.user + next.ip !== ''
    if (next.user === user.value && next.ip === ip.value && !leaveUser) return
    filters.patch(leaveUser ? { ...next, username: '' } : next)
  }

  /** Shows exactly one user's sessions (other filters are dropped); '' returns to the usual filter. */
  function setUsername(name: string): void {
    const next = name.trim()
    if (next === username.value) return
    select(null)
    if (next !== '') {
      searchText.value = ''
      filters.patch({ username: next, user: '', ip: '', sessionType: '' })
    } else filters.set('username', '')
  }

  function setSessionType(type: string | null): void {
    filters.set('sessionType', type ?? '')
  }

  /** Same column: flip the direction. New column: ascending, except times (newest first). */
  function toggleSort(key: SortKey): void {
    if (sort.value === key) desc.value = !desc.value
    else {
      sort.value = key
      desc.value = key.endsWith('_at')
    }
    resetRows()
  }

  function select(row: SessionRow | null, index = -1): void {
    pendingIndex = -1
    selectedRow.value = row
    selectedKey.value = row ? sessionKey(row) : null
    selectedIndex.value = row ? (index >= 0 ? index : cache.findIndex((r) => sessionKey(r) === sessionKey(row))) : -1
  }

  /** Moves the selection by delta rows; returns the new index (the row may still be loading). */
  function moveSelection(delta: number): number {
    const count = total.value ?? 0
    if (count === 0) return -1
    const current = pendingIndex >= 0 ? pendingIndex : selectedIndex.value
    const from = current >= 0 ? current : delta > 0 ? -1 : count
    const next = Math.min(count - 1, Math.max(0, from + delta))
    const row = cache.getRow(next)
    if (row) {
      pendingIndex = -1
      select(row, next)
    } else {
      pendingIndex = next
      selectedIndex.value = next
      cache.request(next, next + 1)
    }
    return next
  }

  /** After rows arrive: finish a keyboard move that was waiting, keep the selected row current. */
  function syncSelection(): void {
    if (pendingIndex >= 0) {
      const row = cache.getRow(pendingIndex)
      if (row) {
        const index = pendingIndex
        pendingIndex = -1
        select(row, index)
      }
      return
    }
    const key = selectedKey.value
    if (key === null) return
    const index = cache.findIndex((r) => sessionKey(r) === key)
    selectedIndex.value = index
    const row = index >= 0 ? cache.getRow(index) : undefined
    if (row) selectedRow.value = row
  }

  /** Re-reads the window holding a session (e.g. after signing it out). */
  function reloadSession(key: string): void {
    const index = cache.findIndex((r) => sessionKey(r) === key)
    if (index >= 0) cache.reloadRow(index)
  }

  function retry(): void {
    cache.retry()
  }

  async function loadSessionTypes(): Promise<void> {
    try {
      sessionTypes.value = await sessionsApi.sessionTypes()
    } catch {
      sessionTypes.value = []
    }
  }

  return {
    connectionId,
    searchText,
    user,
    username,
    ip,
    sessionType,
    sort,
    desc,
    total,
    loading,
    error,
    version,
    queryGeneration,
    filtered,
    selectedKey,
    selectedRow,
    selectedIndex,
    sessionTypes,
    rowAt,
    requestRange,
    resetRows,
    reloadRows,
    setConnection,
    setSearch,
    setUsername,
    setSessionType,
    toggleSort,
    select,
    moveSelection,
    reloadSession,
    retry,
    loadSessionTypes,
  }
})
