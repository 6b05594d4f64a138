import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { describeError, toApiError, type ApiError } from '../api'
import {
  bulkApi,
  onJobDone,
  onJobProgress,
  type BulkRequest,
  type Job,
  type JobDone,
  type JobItem,
  type JobProgress,
  type Selection,
} from '../api/bulk'
import { notify } from '../composables/notify'
import { useConnectionsStore } from './connections'
import { useSessionsStore } from './sessions'

/** A bulk action waiting in the preview dialog: what it acts on and how it is described. */
export interface PendingAction {
  /** e.g. "3 ticked sessions", "every session of alice@example.com". */
  title: string
  selection: Selection
  userWide: boolean
  contain: boolean
}

/** A job this window started or resumed, as its progress events tell it. */
export interface LiveJob {
  jobId: number
  progress: JobProgress | null
  /** Set once the job stopped and was re-checked (the done event). */
  done: JobDone | null
}

/** Job states a resume can continue. */
const RESUMABLE = new Set(['interrupted', 'canceled', 'incomplete', 'failed', 'partly_failed'])

export function canResume(j: Job): boolean {
  return RESUMABLE.has(j.state) && j.counts.pending + j.counts.sending > 0
}
export function canRetry(j: Job): boolean {
  return j.state !== 'running' && j.counts.failed > 0
}
export function canRecheck(j: Job): boolean {
  return j.action === 'signout' && j.state !== 'running' && j.counts.ended + j.counts.alreadyGone > 0
}

/**
 * Bulk sign-out jobs: the action being previewed, the jobs running in this window (from the
 * backend's progress events), the jobs list of the drawer and each job's results, paged.
 */
export const useJobsStore = defineStore('jobs', () => {
  const pending = shallowRef<PendingAction | null>(null)
  const live = ref<LiveJob[]>([])
  const list = ref<Job[]>([])
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const drawerOpen = ref(false)
  /** The job whose results the drawer shows, and those results so far. */
  const openJob = ref<number | null>(null)
  const items = ref<JobItem[]>([])
  const itemsState = ref('')
  const itemsEnd = ref(false)
  const itemsLoading = ref(false)
  let offs: (() => void)[] = []

  const running = computed(() => live.value.filter((j) => !j.done))

  function liveJob(jobId: number): LiveJob {
    let j = live.value.find((x) => x.jobId === jobId)
    if (!j) {
      live.value.unshift({ jobId, progress: null, done: null })
      j = live.value[0]
    }
    return j
  }

  /** Listens to the backend's job events (once, from the shell). */
  function init(): void {
    if (offs.length) return
    offs = [
      onJobProgress((p) => {
        if (p.jobId) liveJob(p.jobId).progress = p
      }),
      onJobDone((d) => {
        const j = live.value.find((x) => x.jobId === d.jobId)
        // A refused start or resume: its caller heard the refusal already.
        if (!j || j.done) return
        j.done = d
        finished(d)
      }),
    ]
  }
  function dispose(): void {
    offs.forEach((off) => off())
    offs = []
  }

  function finished(d: JobDone): void {
    // The table shows the ended sessions as ended; the sidebar's counts follow the re-check.
    useSessionsStore().reloadRows()
    void useConnectionsStore().reload()
    if (drawerOpen.value) void reload()
    if (openJob.value === d.jobId) void loadItems(d.jobId, itemsState.value)
    const c = d.job.counts
    if (d.error) notify('error', { title: `Job ${d.jobId} stopped`, content: d.error })
    else if (c.failed > 0) notify('warning', { title: `Job ${d.jobId}: ${c.failed} failed`, content: 'Open Jobs to see why and retry them.' })
    else notify('success', { title: `Job ${d.jobId} ${d.job.state === 'canceled' ? 'cancelled' : 'finished'}`, content: `${c.ended} ended, ${c.alreadyGone} already gone, ${c.contained} blocked.` })
  }

  function preview(action: PendingAction): void {
    pending.value = action
  }

  /** Starts a previewed request; resolves with the job id (refusals reject with their code). */
  async function start(req: BulkRequest): Promise<number> {
    const id = await bulkApi.start(req)
    liveJob(id)
    pending.value = null
    return id
  }

  async function again(kind: 'resume' | 'retry', jobId: number): Promise<void> {
    try {
      const id = kind === 'resume' ? await bulkApi.resume(jobId) : await bulkApi.retryFailed(jobId)
      const j = liveJob(id)
      j.done = null
      void reload()
    } catch (e) {
      notify('error', { title: kind === 'resume' ? `Job ${jobId} was not resumed` : `Job ${jobId}: failures not retried`, content: describeError(e) })
    }
  }

  async function cancel(jobId: number): Promise<void> {
    try {
      await bulkApi.cancel(jobId)
    } catch (e) {
      notify('error', { title: `Job ${jobId} was not cancelled`, content: describeError(e) })
    }
  }

  async function recheck(jobId: number): Promise<void> {
    try {
      const c = await bulkApi.recheck(jobId)
      notify(c.stillListed > 0 ? 'warning' : 'success', {
        title: `Job ${jobId} re-checked`,
        content: `${c.gone} gone, ${c.stillListed} still listed by the server.`,
      })
      await reload()
      if (openJob.value === jobId) await loadItems(jobId, itemsState.value)
    } catch (e) {
      notify('error', { title: `Job ${jobId} was not re-checked`, content: describeError(e) })
    }
  }

  function dismiss(jobId: number): void {
    live.value = live.value.filter((j) => j.jobId !== jobId)
  }

  async function reload(): Promise<void> {
    loading.value = true
    try {
      list.value = await bulkApi.jobs()
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loading.value = false
    }
  }

  /** Shows a job's results from the start (state '' = every result). */
  async function loadItems(jobId: number, state = ''): Promise<void> {
    openJob.value = jobId
    itemsState.value = state
    items.value = []
    itemsEnd.value = false
    await moreItems()
  }

  /** The next page of the open job's results. */
  async function moreItems(): Promise<void> {
    const jobId = openJob.value
    if (jobId === null || itemsEnd.value || itemsLoading.value) return
    itemsLoading.value = true
    try {
      const after = items.value.length ? items.value[items.value.length - 1].seq : 0
      const page = await bulkApi.items(jobId, itemsState.value, after)
      if (openJob.value !== jobId) return
      items.value = [...items.value, ...page]
      itemsEnd.value = page.length === 0 || page.length < 200
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      itemsLoading.value = false
    }
  }

  function openDrawer(jobId?: number): void {
    drawerOpen.value = true
    void reload()
    if (jobId) void loadItems(jobId)
  }

  return {
    pending, live, running, list, loading, error, drawerOpen, openJob, items, itemsState, itemsEnd, itemsLoading,
    init, dispose, preview, start, again, cancel, recheck, dismiss, reload, loadItems, moreItems, openDrawer,
  }
})
