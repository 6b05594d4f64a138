import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

const handlers = new Map<string, (p: unknown) => void>()
vi.mock('../../wailsjs/runtime/runtime', () => ({
  EventsOn: vi.fn((name: string, h: (p: unknown) => void) => {
    handlers.set(name, h)
    return () => handlers.delete(name)
  }),
  EventsOff: vi.fn(),
}))
vi.mock('../../wailsjs/go/app/BulkService', () => ({ Start: vi.fn(), Resume: vi.fn(), RetryFailed: vi.fn(), Jobs: vi.fn(), Items: vi.fn(), Cancel: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/go/app/WorkspaceService', () => ({ Connections: vi.fn() }))

import * as Bulk from '../../wailsjs/go/app/BulkService'
import * as Workspace from '../../wailsjs/go/app/WorkspaceService'
import { setNotifier } from '../../src/composables/notify'
import { canRecheck, canResume, canRetry, useJobsStore } from '../../src/stores/jobs'
import { emptyCounts, normaliseJob } from '../../src/api/bulk'

const job = (over: Record<string, unknown>) => normaliseJob({ id: 7, action: 'signout', state: 'done', total: 3, ...over })

describe('jobs store', () => {
  const notices: string[] = []
  beforeEach(() => {
    setActivePinia(createPinia())
    handlers.clear()
    notices.length = 0
    setNotifier((kind, n) => notices.push(`${kind}: ${n.title}`))
    vi.mocked(Workspace.Connections).mockReset().mockResolvedValue([] as never)
    vi.mocked(Bulk.Jobs).mockReset().mockResolvedValue([] as never)
  })

  it('follows a started job from its progress events to its end, Go nulls made safe', async () => {
    vi.mocked(Bulk.Start).mockResolvedValue(7 as never)
    const jobs = useJobsStore()
    jobs.init()
    const selection = { keys: [{ connectionId: 1, sessionId: 'S1' }], filter: null, user: '', exclude: [] }
    await jobs.start({ action: '', selection, userWide: false, contain: false, reason: 'x', confirm: 0, fingerprint: 'f' })
    handlers.get('signout:progress')!({ jobId: 7, state: 'running', total: 3, counts: { ...emptyCounts(), pending: 2, ended: 1 }, orgs: null, message: '' })
    expect(jobs.running).toHaveLength(1)
    expect(jobs.live[0].progress?.orgs).toEqual([])
    expect(jobs.live[0].progress?.counts.ended).toBe(1)
    handlers.get('signout:done')!({ jobId: 7, job: { id: 7, state: 'done', total: 3, counts: { ...emptyCounts(), ended: 3 }, orgs: null }, error: '', errorCode: '' })
    expect(jobs.running).toHaveLength(0)
    expect(jobs.live[0].done?.job.orgs).toEqual([])
    expect(notices).toEqual(['success: Job 7 finished'])
  })

  it('a refused start is the caller\'s error, not a job', async () => {
    vi.mocked(Bulk.Start).mockRejectedValue({ code: 'reason_required', message: 'say why' })
    const jobs = useJobsStore()
    jobs.init()
    const selection = { keys: [], filter: null, user: 'ann', exclude: [] }
    await expect(jobs.start({ action: '', selection, userWide: true, contain: false, reason: '', confirm: 0, fingerprint: '' })).rejects.toMatchObject({ code: 'reason_required' })
    handlers.get('signout:done')!({ jobId: 0, job: {}, error: 'say why', errorCode: 'reason_required' })
    expect(jobs.live).toEqual([])
    expect(notices).toEqual([])
  })

  it('offers Resume only with something left, Retry only with failures, Re-check only for ended sign-outs', () => {
    expect(canResume(job({ state: 'interrupted', counts: { ...emptyCounts(), pending: 2 } }))).toBe(true)
    expect(canResume(job({ state: 'interrupted', counts: { ...emptyCounts(), ended: 3 } }))).toBe(false)
    expect(canResume(job({ state: 'running', counts: { ...emptyCounts(), pending: 2 } }))).toBe(false)
    expect(canRetry(job({ state: 'partly_failed', counts: { ...emptyCounts(), failed: 1 } }))).toBe(true)
    expect(canRetry(job({ state: 'running', counts: { ...emptyCounts(), failed: 1 } }))).toBe(false)
    expect(canRecheck(job({ counts: { ...emptyCounts(), ended: 1 } }))).toBe(true)
    expect(canRecheck(job({ action: 'contain', counts: { ...emptyCounts(), contained: 1 } }))).toBe(false)
  })
})
