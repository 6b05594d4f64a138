import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { sessionsApi, toApiError, type ApiError, type CompareQuery, type DiffView, type SnapshotView } from '../api'
import { useFiltersStore } from './filters'
import { useRefreshStore } from './refresh'
import { useSessionsStore } from './sessions'

/** One org's refreshes, newest first. */
export interface OrgSnapshots {
  connectionId: number
  connection: string
  snapshots: SnapshotView[]
}

/** The snapshots two comparable ones apart: the default pair (latest, the one before); 0/0 if none. */
export function defaultPair(snapshots: SnapshotView[]): { from: number; to: number } {
  const comparable = snapshots.filter((s) => s.comparable)
  return comparable.length >= 2 ? { from: comparable[1].id, to: comparable[0].id } : { from: 0, to: 0 }
}

/**
 * Snapshot history (every org's refreshes) and the comparison of two snapshots: what is new
 * (sessions, users, countries, devices) and what ended.
 */
export const useSnapshotsStore = defineStore('snapshots', () => {
  const open = ref(false)
  const list = ref<SnapshotView[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = shallowRef<ApiError | null>(null)

  /** The org compared; 0 = every org (each org's latest against its previous). */
  const connectionId = ref(0)
  /** Snapshot ids (one org only); 0/0 = its latest against the one before. */
  const fromId = ref(0)
  const toId = ref(0)
  /** Still the default pair: follows new refreshes. False once the user picks snapshots. */
  const autoPair = ref(true)
  /** The drawer has been opened: the org default (the table's org) is taken once. */
  let orgChosen = false

  const diff = shallowRef<DiffView | null>(null)
  /** The query that produced `diff`. */
  const diffQuery = ref<CompareQuery | null>(null)
  const comparing = ref(false)
  const diffError = shallowRef<ApiError | null>(null)
  /** A refresh finished after the comparison: it may be out of date. */
  const diffStale = ref(false)

  const byOrg = computed<OrgSnapshots[]>(() => {
    const groups = new Map<number, OrgSnapshots>()
    for (const s of list.value) {
      let g = groups.get(s.connectionId)
      if (!g) groups.set(s.connectionId, (g = { connectionId: s.connectionId, connection: s.connection, snapshots: [] }))
      g.snapshots.push(s)
    }
    const out = [...groups.values()]
    for (const g of out) g.snapshots.sort((a, b) => b.id - a.id)
    return out.sort((a, b) => a.connection.localeCompare(b.connection))
  })

  /** The chosen org's snapshots (empty for every org). */
  const orgSnapshots = computed(() => byOrg.value.find((g) => g.connectionId === connectionId.value)?.snapshots ?? [])
  const comparableSnapshots = computed(() => orgSnapshots.value.filter((s) => s.comparable))

  /** The org's default pair when still automatic. */
  function pickDefaults(): void {
    if (!autoPair.value) return
    const p = connectionId.value === 0 ? { from: 0, to: 0 } : defaultPair(orgSnapshots.value)
    fromId.value = p.from
    toId.value = p.to
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      list.value = await sessionsApi.snapshots(0)
      error.value = null
      // A picked snapshot that is gone (or no longer comparable) falls back to the defaults.
      const ids = new Set(comparableSnapshots.value.map((s) => s.id))
      if (!autoPair.value && connectionId.value !== 0 && (!ids.has(fromId.value) || !ids.has(toId.value))) autoPair.value = true
      pickDefaults()
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loading.value = false
      loaded.value = true
    }
  }

  /** Opens the drawer; the first time it compares the table's org (or every org). */
  function show(): void {
    if (!orgChosen) {
      orgChosen = true
      setOrg(useSessionsStore().connectionId ?? 0)
    }
    open.value = true
  }

  function setOrg(id: number): void {
    connectionId.value = id
    autoPair.value = true
    pickDefaults()
  }

  /** Picks the snapshots to compare by hand (one org only). */
  function setPair(from: number, to: number): void {
    fromId.value = from
    toId.value = to
    autoPair.value = false
  }

  async function compare(): Promise<void> {
    const q: CompareQuery =
      connectionId.value === 0
        ? { connectionId: 0, from: 0, to: 0 }
        : { connectionId: connectionId.value, from: fromId.value, to: toId.value }
    comparing.value = true
    try {
      diff.value = await sessionsApi.compare(q)
      diffQuery.value = q
      diffError.value = null
      diffStale.value = false
    } catch (e) {
      diff.value = null
      diffQuery.value = null
      diffError.value = toApiError(e)
    } finally {
      comparing.value = false
    }
  }

  /** The compared org, when the comparison was of one org. */
  const diffConnectionId = computed(() => (diffQuery.value && diffQuery.value.connectionId !== 0 ? diffQuery.value.connectionId : null))

  /** Shows the new sessions in the table (the compared org only, when one) and closes the drawer. */
  function showNewSessions(): void {
    const filters = useFiltersStore()
    filters.patch({ newOnly: true, connectionIds: diffConnectionId.value === null ? [] : [diffConnectionId.value] })
    open.value = false
  }

  /** One new user's sessions in the table. */
  function showUser(username: string): void {
    const id = diffConnectionId.value
    if (id !== null) useFiltersStore().set('connectionIds', [id])
    useSessionsStore().setUsername(username)
    open.value = false
  }

  /** The sessions from one new country in the table. */
  function showCountry(code: string): void {
    const filters = useFiltersStore()
    const id = diffConnectionId.value
    filters.patch(id !== null ? { countries: [code], connectionIds: [id] } : { countries: [code] })
    open.value = false
  }

  function reset(): void {
    list.value = []
    loaded.value = false
    error.value = null
    diff.value = null
    diffQuery.value = null
    diffError.value = null
  }

  // A finished refresh adds snapshots: reload the list when it is shown (or load it on next open).
  const refresh = useRefreshStore()
  watch(
    () => refresh.lastSummary,
    (s) => {
      if (!s) return
      if (diff.value) diffStale.value = true
      if (open.value) void load()
      else loaded.value = false
    },
  )
  watch(open, (isOpen) => {
    if (isOpen) void load()
  })

  return {
    open,
    list,
    loading,
    loaded,
    error,
    connectionId,
    fromId,
    toId,
    autoPair,
    byOrg,
    orgSnapshots,
    comparableSnapshots,
    diff,
    diffQuery,
    diffConnectionId,
    comparing,
    diffError,
    diffStale,
    load,
    show,
    setOrg,
    setPair,
    compare,
    showNewSessions,
    showUser,
    showCountry,
    reset,
  }
})
