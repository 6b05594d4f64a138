import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import {
  describeError,
  onRefreshDone,
  onRefreshProgress,
  refreshApi,
  type Connection,
  type RefreshProgress,
  type RefreshSummary,
} from '../api'
import { notify } from '../composables/notify'
import { plural } from '../lib/format'
import { useConnectionsStore } from './connections'
import { useSessionsStore } from './sessions'
import { useUsersStore } from './users'

interface Job {
  jobId: string
  progress: Record<number, RefreshProgress>
}

/** Refresh jobs and their per-connection progress, fed by the backend's events. */
export const useRefreshStore = defineStore('refresh', () => {
  const jobs = reactive<Record<string, Job>>({})
  const starting = ref(false)
  const cancelling = ref(false)
  const lastSummary = ref<RefreshSummary | null>(null)
  /** Jobs already over: a late Start() answer or progress event must not bring them back. */
  const finished = new Set<string>()
  let unsubscribe: (() => void) | null = null

  const running = computed(() => starting.value || Object.keys(jobs).length > 0)

  /** One line per connection being refreshed, in name order. */
  const progress = computed<RefreshProgress[]>(() =>
    Object.values(jobs)
      .flatMap((j) => Object.values(j.progress))
      .sort((a, b) => a.connection.localeCompare(b.connection)),
  )

  const activeConnectionIds = computed(
    () => new Set(progress.value.filter((p) => p.state === 'running').map((p) => p.connectionId)),
  )

  function jobFor(jobId: string): Job {
    return (jobs[jobId] ??= { jobId, progress: {} })
  }

  function handleProgress(p: RefreshProgress): void {
    if (!p || !p.jobId || finished.has(p.jobId)) return
    jobFor(p.jobId).progress[p.connectionId] = { ...p }
    if (p.state !== 'running') void useConnectionsStore().reload()
  }

  function handleDone(s: RefreshSummary): void {
    if (!s || !s.jobId) return
    finished.add(s.jobId)
    delete jobs[s.jobId]
    lastSummary.value = s
    const connections = useConnectionsStore()
    const sessions = useSessionsStore()
    void connections.reload()
    void sessions.loadSessionTypes()
    sessions.reloadRows()
    useUsersStore().reloadRows()

    for (const r of s.results.filter((x) => x.state === 'failed')) {
      notify('error', {
        title: `Refresh of ${r.connection || 'a connection'} failed`,
        content: r.errorCode ? `${r.error} [${r.errorCode}]` : r.error || 'No reason given.',
        duration: 0,
      })
    }
    for (const r of s.results.filter((x) => x.warnings?.length)) {
      notify('warning', {
        title: `${r.connection || 'A connection'}: the server's listing is incomplete`,
        content: r.warnings.join('\n'),
        duration: 0,
      })
    }
    if (s.canceled > 0) {
      notify('warning', { title: 'Refresh canceled', content: `${s.canceled} ${plural(s.canceled, 'connection')} kept the previous snapshot.`, duration: 5000 })
    } else if (s.failed === 0 && s.done > 0 && !s.results.some((x) => x.warnings?.length)) {
      notify('success', { title: `Refreshed ${s.done} ${plural(s.done, 'connection')}`, duration: 3000 })
    }
  }

  /** Listens to the backend's refresh events (once). */
  function init(): void {
    if (unsubscribe) return
    const offProgress = onRefreshProgress(handleProgress)
    const offDone = onRefreshDone(handleDone)
    unsubscribe = () => {
      offProgress()
      offDone()
    }
  }

  function dispose(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  /** Refreshes the given connections, or every connection when the list is empty. */
  async function start(connectionIds: number[] = []): Promise<string | null> {
    init()
    const connections = useConnectionsStore()
    const targets = connectionIds.length > 0 ? connectionIds : connections.list.map((c) => c.id)
    starting.value = true
    try {
      const jobId = await refreshApi.start(connectionIds)
      if (!finished.has(jobId)) {
        const job = jobFor(jobId)
        for (const id of targets) {
          job.progress[id] ??= {
            jobId,
            connectionId: id,
            connection: connections.get(id)?.name ?? `#${id}`,
            state: 'running',
            fetched: 0,
            total: 0,
            pages: 0,
            warnings: [],
            error: '',
            errorCode: '',
          }
        }
      }
      return jobId
    } catch (e) {
      notify('error', { title: 'Could not start the refresh', content: describeError(e), duration: 0 })
      return null
    } finally {
      starting.value = false
    }
  }

  /** Demo connections this window already refreshed by itself (a failed one is not retried). */
  const firstRunTried = new Set<number>()

  /**
   * First run: when the demo connections have never been refreshed, refreshes them once, so a
   * newcomer meets a filled table rather than "0 sessions". A demo refreshed before (on any
   * earlier start) is left as it is, and real connections are only ever refreshed by the user.
   */
  async function refreshNewDemo(list: Connection[]): Promise<string | null> {
    const demo = list.filter((c) => c.demo)
    if (running.value || demo.length === 0 || demo.some((c) => c.lastRefresh !== '')) return null
    const ids = demo.map((c) => c.id).filter((id) => !firstRunTried.has(id))
    if (ids.length === 0) return null
    for (const id of ids) firstRunTried.add(id)
    return start(ids)
  }

  let followingDemo = false
  /** Applies refreshNewDemo to every connection list the window loads (at start, after "Open demo"). */
  function followNewDemo(): void {
    if (followingDemo) return
    followingDemo = true
    watch(() => useConnectionsStore().list, (list) => void refreshNewDemo(list))
  }

  /** Cancels every running refresh job. */
  async function cancel(): Promise<void> {
    cancelling.value = true
    try {
      await Promise.all(
        Object.keys(jobs).map((id) =>
          refreshApi.cancel(id).catch((e: unknown) => {
            notify('error', { title: 'Could not cancel the refresh', content: describeError(e) })
          }),
        ),
      )
    } finally {
      cancelling.value = false
    }
  }

  return {
    jobs,
    starting,
    cancelling,
    running,
    progress,
    activeConnectionIds,
    lastSummary,
    init,
    dispose,
    start,
    refreshNewDemo,
    followNewDemo,
    cancel,
    handleProgress,
    handleDone,
  }
})
