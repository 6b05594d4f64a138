// Bulk sign-out jobs and the audit trail's query, check and export: the calls to BulkService
// and AuditService (app/bulk.go, app/audit.go) and their events, with Go's nulls made safe.
// Imported as '../api/bulk' (index.ts does not re-export it, so the two never import each other
// round a loop); its types are in bulkTypes.ts.
import * as Bulk from '../../wailsjs/go/app/BulkService'
import * as Audit from '../../wailsjs/go/app/AuditService'
import type { app } from '../../wailsjs/go/models'
import { call, list } from './bridge'
import { onEvent, plainFilter } from './index'
import type { AuditEntry } from './types'
import {
  emptyCounts,
  type AuditCheck,
  type AuditExport,
  type AuditQuery,
  type BulkPlan,
  type BulkRequest,
  type Job,
  type JobDone,
  type JobItem,
  type JobProgress,
  type RecheckCounts,
  type SessionKey,
} from './bulkTypes'

export * from './bulkTypes'

/** Refusals of bulk actions besides the shared codes (backend/workspace/bulk.go). */
export const CODE_CONFIRM_REQUIRED = 'confirm_required'
export const CODE_PLAN_CHANGED = 'plan_changed'
export const CODE_NOTHING_TO_DO = 'nothing_to_do'
export const CODE_ALREADY_RAN = 'already_ran'
export const CODE_JOB_BUSY = 'job_busy'

export const EVENT_SIGNOUT_PROGRESS = 'signout:progress'
export const EVENT_SIGNOUT_DONE = 'signout:done'

/** A results page of a job is at most this many items. */
export const JOB_ITEMS_PAGE = 200

const keys = (k: SessionKey[] | null | undefined): SessionKey[] => list(k).map((x) => ({ connectionId: x.connectionId, sessionId: x.sessionId }))

/** A detached request, safe to hand to the bridge. */
function plainRequest(r: BulkRequest): app.BulkRequestView {
  const s = r.selection
  return {
    ...r,
    selection: { keys: keys(s.keys), filter: s.filter ? plainFilter(s.filter) : null, user: s.user, exclude: keys(s.exclude) },
  } as unknown as app.BulkRequestView
}

export function normaliseJob(j: Partial<Job> | null | undefined): Job {
  const o = j ?? {}
  return {
    id: o.id ?? 0,
    createdAt: o.createdAt ?? '',
    finishedAt: o.finishedAt ?? '',
    action: o.action ?? '',
    actor: o.actor ?? '',
    reason: o.reason ?? '',
    state: o.state ?? '',
    total: o.total ?? 0,
    orgs: list(o.orgs),
    cancelRequested: !!o.cancelRequested,
    recheckedAt: o.recheckedAt ?? '',
    message: o.message ?? '',
    counts: { ...emptyCounts(), ...(o.counts ?? {}) },
  }
}

export function normalisePlan(p: Partial<BulkPlan> | null | undefined): BulkPlan {
  const o = p ?? {}
  return {
    action: o.action ?? 'signout',
    identities: list(o.identities),
    orgs: list(o.orgs).map((g) => ({ ...g, excluded: list(g.excluded), warnings: list(g.warnings) })),
    sessions: o.sessions ?? 0,
    contained: o.contained ?? 0,
    items: o.items ?? 0,
    calls: o.calls ?? 0,
    reasonRequired: !!o.reasonRequired,
    confirmCount: o.confirmCount ?? 0,
    notes: list(o.notes),
    fingerprint: o.fingerprint ?? '',
    existingJob: o.existingJob ?? 0,
    existingState: o.existingState ?? '',
  }
}

export const bulkApi = {
  async plan(req: BulkRequest): Promise<BulkPlan> {
    return normalisePlan(await call(() => Bulk.Plan(plainRequest(req))))
  },
  /** Starts the job; resolves with its id once it is saved and running (refusals reject). */
  start(req: BulkRequest): Promise<number> {
    return call(() => Bulk.Start(plainRequest(req)))
  },
  resume(jobId: number): Promise<number> {
    return call(() => Bulk.Resume(jobId))
  },
  retryFailed(jobId: number): Promise<number> {
    return call(() => Bulk.RetryFailed(jobId))
  },
  cancel(jobId: number): Promise<void> {
    return call(() => Bulk.Cancel(jobId))
  },
  async jobs(limit = 100): Promise<Job[]> {
    return list(await call(() => Bulk.Jobs(limit))).map((j) => normaliseJob(j as Partial<Job>))
  },
  async job(jobId: number): Promise<Job> {
    return normaliseJob((await call(() => Bulk.Job(jobId))) as Partial<Job>)
  },
  /** A page of results after afterSeq (state '' = any). */
  async items(jobId: number, state: string, afterSeq: number, limit = JOB_ITEMS_PAGE): Promise<JobItem[]> {
    return list<JobItem>(await call(() => Bulk.Items(jobId, state, afterSeq, limit)))
  },
  recheck(jobId: number): Promise<RecheckCounts> {
    return call(() => Bulk.Recheck(jobId))
  },
  confirmAbove(): Promise<number> {
    return call(() => Bulk.ConfirmAbove())
  },
}

export const auditApi = {
  async query(q: AuditQuery): Promise<AuditEntry[]> {
    return list(await call(() => Audit.Query({ ...q } as app.AuditQuery)))
  },
  verify(): Promise<AuditCheck> {
    return call(() => Audit.Verify())
  },
  /** Saves the matching entries as CSV where the native dialog says ('' path = cancelled). */
  exportCsv(q: AuditQuery): Promise<AuditExport> {
    return call(() => Audit.ExportCSV({ ...q } as app.AuditQuery))
  },
  /** The matching entries as CSV text (for a window without native dialogs). */
  csv(q: AuditQuery): Promise<string> {
    return call(() => Audit.CSV({ ...q } as app.AuditQuery))
  },
}

export function onJobProgress(handler: (p: JobProgress) => void): () => void {
  return onEvent<JobProgress>(EVENT_SIGNOUT_PROGRESS, (p) =>
    handler({ ...p, counts: { ...emptyCounts(), ...(p?.counts ?? {}) }, orgs: list(p?.orgs) }),
  )
}

export function onJobDone(handler: (d: JobDone) => void): () => void {
  return onEvent<JobDone>(EVENT_SIGNOUT_DONE, (d) => handler({ ...d, job: normaliseJob(d?.job) }))
}

/**
 * Whether this page runs in the app's own window (WebKitGTK, WebView2, WKWebView), where native
 * file dialogs open; a plain browser on the dev server (the end-to-end test) has none.
 */
export function inNativeWindow(): boolean {
  const w = globalThis as unknown as { webkit?: { messageHandlers?: unknown }; chrome?: { webview?: unknown } }
  return !!(w.webkit?.messageHandlers || w.chrome?.webview)
}
