import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/WorkspaceService', () => ({ Connections: vi.fn(), Kinds: vi.fn(), OpenDemo: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/go/app/SignOutService', () => ({ SignOutSession: vi.fn() }))
vi.mock('../../wailsjs/go/app/AuditService', () => ({ Entries: vi.fn() }))

import * as Workspace from '../../wailsjs/go/app/WorkspaceService'
import * as Sessions from '../../wailsjs/go/app/SessionsService'
import * as SignOut from '../../wailsjs/go/app/SignOutService'
import * as Audit from '../../wailsjs/go/app/AuditService'
import DetailPane from '../../src/components/sessions/DetailPane.vue'
import { setNotifier } from '../../src/composables/notify'
import { useSessionsStore } from '../../src/stores/sessions'
import type { SessionRow } from '../../src/api/types'
import { makeRow } from './support/fixtures'

const caps = { revokeOne: true, revokeBatch: false, maxBatch: 0, revokeUser: false, containUser: false, whoAmI: true, rateLimit: false }

function detailFor(row: SessionRow) {
  return { session: row, raw: '{\n  "Id": "RAW-' + row.id + '"\n}', userSessions: [row, makeRow(77)], snapshotId: 3, snapshotAt: '2026-11-20T11:30:00Z', capabilities: caps }
}

describe('DetailPane', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
    vi.mocked(Workspace.Connections).mockReset().mockResolvedValue([] as never)
    vi.mocked(Sessions.Query).mockReset().mockResolvedValue({ rows: [], total: 0, offset: 0 } as never)
    vi.mocked(Sessions.Detail).mockReset().mockImplementation((async (_c: number, id: string) => {
      const i = Number(id.slice(1))
      return detailFor(makeRow(i))
    }) as never)
    vi.mocked(Audit.Entries).mockReset().mockResolvedValue([] as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    document.body.innerHTML = ''
    vi.useRealTimers()
  })

  async function open(row: SessionRow) {
    useSessionsStore().select(row)
    wrapper = mount(DetailPane, { attachTo: document.body })
    await vi.advanceTimersByTimeAsync(100)
    await flushPromises()
  }

  it('shows the fields, the raw record and the other sessions', async () => {
    await open(makeRow(5))
    expect(wrapper!.get('[data-testid="detail-pane"]').attributes('data-session-id')).toBe('S5')
    expect(wrapper!.get('[data-testid="detail-username"]').text()).toBe('user5@example.com')
    expect(wrapper!.get('[data-testid="detail-raw"]').text()).toContain('"Id": "RAW-S5"')
    expect(wrapper!.findAll('[data-testid="detail-user-session"]').map((b) => b.attributes('data-session-id'))).toEqual(['S77'])
    expect(wrapper!.text()).toContain('Berlin, Berlin, Germany (DE)')
    expect(wrapper!.text()).not.toContain('Invalid Date')
  })

  it('own session: a badge instead of the sign-out button', async () => {
    await open(makeRow(1))
    expect(wrapper!.find('[data-testid="own-session-badge"]').exists()).toBe(true)
    expect(wrapper!.find('[data-testid="signout-button"]').exists()).toBe(false)
  })

  it('ended session: the button is disabled and says Ended', async () => {
    await open(makeRow(2))
    const button = wrapper!.get('[data-testid="signout-button"]')
    expect(button.attributes('disabled')).toBeDefined()
    expect(button.text()).toBe('Ended')
  })

  it('signs out after confirmation, with the reason, and reports the outcome', async () => {
    const notices: Array<[string, string]> = []
    setNotifier((kind, n) => notices.push([kind, n.title]))
    vi.mocked(SignOut.SignOutSession).mockResolvedValue({ sessionId: 'S5', outcome: 'ended', message: '', auditId: 9 } as never)
    await open(makeRow(5))
    await wrapper!.get('[data-testid="signout-button"]').trigger('click')
    await flushPromises()
    const dialog = document.querySelector('[data-testid="signout-dialog"]') as HTMLElement
    expect(dialog).not.toBeNull()
    expect(dialog.textContent).toContain('User 5 (user5@example.com)')
    expect(dialog.textContent).toContain('10.0.0.5')
    expect(dialog.textContent).toContain('Berlin, DE')
    const field = document.querySelector('[data-testid="signout-reason"]') as HTMLLabelElement
    expect(field.tagName).toBe('LABEL')
    const reason = field.querySelector('textarea') as HTMLTextAreaElement
    expect(field.control).toBe(reason) // so Playwright's fill() on the label reaches the textarea
    reason.value = 'Compromised'
    reason.dispatchEvent(new Event('input'))
    ;(document.querySelector('[data-testid="signout-confirm"]') as HTMLButtonElement).click()
    await flushPromises()
    expect(SignOut.SignOutSession).toHaveBeenCalledWith({ connectionId: 1, sessionId: 'S5', reason: 'Compromised' })
    expect(notices).toEqual([['success', 'Session ended']])
    expect(Audit.Entries).toHaveBeenCalled()
  })

  it('a failed call keeps the dialog open with the error', async () => {
    vi.mocked(SignOut.SignOutSession).mockRejectedValue({ code: 'permission', message: 'Not allowed to end sessions' })
    await open(makeRow(5))
    await wrapper!.get('[data-testid="signout-button"]').trigger('click')
    await flushPromises()
    ;(document.querySelector('[data-testid="signout-confirm"]') as HTMLButtonElement).click()
    await flushPromises()
    expect(document.querySelector('[data-testid="signout-dialog"]')).not.toBeNull()
    expect(document.querySelector('[data-testid="signout-error"]')?.textContent).toContain('Not allowed to end sessions [permission]')
  })
})
