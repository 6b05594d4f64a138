import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/BulkService', () => ({ Plan: vi.fn(), Start: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/go/app/WorkspaceService', () => ({ Connections: vi.fn() }))

import * as Bulk from '../../wailsjs/go/app/BulkService'
import BulkPlanDialog from '../../src/components/bulk/BulkPlanDialog.vue'
import { useJobsStore } from '../../src/stores/jobs'
import { useSelectionStore } from '../../src/stores/selection'
import type { BulkPlan } from '../../src/api/bulk'

function plan(over: Partial<BulkPlan> = {}): BulkPlan {
  return {
    action: 'signout',
    identities: [],
    orgs: [
      { connectionId: 1, connection: 'Acme', kind: 'salesforce', method: 'batch', sessions: 140, users: 0, items: 140, batchSize: 200, calls: 1,
        remaining: 14000, limit: 'api-usage=1000/15000', overLimit: false, admin: 'admin@acme', contained: 0, warnings: [], refused: '', snapshotAt: '2026-11-20T11:00:00Z',
        excluded: [{ code: 'own_session', reason: "this app's own session", count: 1 }] },
      { connectionId: 2, connection: 'Lab', kind: 'kratos', method: 'session', sessions: 10, users: 0, items: 10, batchSize: 1, calls: 10,
        remaining: -1, limit: '', overLimit: false, admin: '', contained: 0, warnings: [], refused: '', snapshotAt: '', excluded: [] },
    ],
    sessions: 150, contained: 0, items: 150, calls: 11, reasonRequired: true, confirmCount: 150,
    notes: ['Signing out does not stop a new sign-in.'], fingerprint: 'fp-1', existingJob: 0, existingState: '',
    ...over,
  }
}

const q = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null
function type(id: string, text: string): void {
  const el = q(id)!.querySelector('textarea, input') as HTMLInputElement
  el.value = text
  el.dispatchEvent(new Event('input'))
}
const startButton = () => q('bulk-plan-start') as HTMLButtonElement

describe('BulkPlanDialog', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(Bulk.Plan).mockReset().mockResolvedValue(plan() as never)
    vi.mocked(Bulk.Start).mockReset().mockResolvedValue(42 as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    document.body.innerHTML = ''
  })

  async function openWith(selection = { keys: [], filter: null, user: '', exclude: [] }) {
    wrapper = mount(BulkPlanDialog, { attachTo: document.body })
    useJobsStore().preview({ title: 'all 151 sessions matching the filter', selection, userWide: false, contain: false })
    await flushPromises()
  }

  it('previews per org: sessions, method, calls against the remaining limit, and what is left out', async () => {
    await openWith()
    const orgs = document.querySelectorAll('[data-testid="bulk-plan-org"]')
    expect(orgs).toHaveLength(2)
    expect(orgs[0].textContent).toContain('batch delete, up to 200 per call')
    expect(orgs[0].textContent).toContain('14,000 left')
    expect(orgs[0].textContent).toContain("1: this app's own session")
    expect(orgs[1].textContent).toContain('one call per session')
    expect(orgs[1].textContent).toContain('not said by the server')
    expect(q('bulk-plan-sessions')!.textContent).toBe('150')
    expect(Bulk.Start).not.toHaveBeenCalled()
  })

  it('needs a reason, then the typed count, before it starts, and starts this very plan', async () => {
    const selection = { keys: [], filter: null, user: 'alice@example.com', exclude: [] }
    await openWith(selection)
    expect(startButton().disabled).toBe(true)
    expect(q('bulk-plan-blocker')!.textContent).toContain('Say why')
    type('bulk-reason', '   ')
    await flushPromises()
    expect(startButton().disabled).toBe(true)
    type('bulk-reason', 'Phishing, SEC-9')
    await flushPromises()
    expect(startButton().disabled).toBe(true)
    expect(q('bulk-plan-blocker')!.textContent).toContain('Type 150')
    type('bulk-confirm', '149')
    await flushPromises()
    expect(startButton().disabled).toBe(true)
    type('bulk-confirm', '150')
    await flushPromises()
    expect(startButton().disabled).toBe(false)
    startButton().click()
    await flushPromises()
    expect(Bulk.Start).toHaveBeenCalledWith(expect.objectContaining({ reason: 'Phishing, SEC-9', confirm: 150, fingerprint: 'fp-1', selection }))
    expect(useJobsStore().pending).toBeNull()
    expect(useJobsStore().live.map((j) => j.jobId)).toEqual([42])
  })

  it('below the threshold no count is asked; a refusal keeps the dialog and the reason', async () => {
    vi.mocked(Bulk.Plan).mockResolvedValue(plan({ confirmCount: 0 }) as never)
    vi.mocked(Bulk.Start).mockRejectedValue({ code: 'already_ran', message: 'this plan already ran as job 7' })
    useSelectionStore().selectAllMatching(151)
    await openWith()
    expect(q('bulk-confirm')).toBeNull()
    type('bulk-reason', 'cleanup')
    await flushPromises()
    startButton().click()
    await flushPromises()
    expect(q('bulk-plan-error')!.textContent).toContain('this plan already ran as job 7')
    expect(q('bulk-plan')).not.toBeNull()
    expect((q('bulk-reason')!.querySelector('textarea') as HTMLTextAreaElement).value).toBe('cleanup')
    expect(useSelectionStore().count).toBe(151) // nothing started: the selection stays
  })

  it('nothing left to do cannot start and says why', async () => {
    vi.mocked(Bulk.Plan).mockResolvedValue(plan({ items: 0, sessions: 0, confirmCount: 0 }) as never)
    await openWith()
    type('bulk-reason', 'x')
    await flushPromises()
    expect(startButton().disabled).toBe(true)
    expect(q('bulk-plan-blocker')!.textContent).toContain('Nothing to do')
  })
})
