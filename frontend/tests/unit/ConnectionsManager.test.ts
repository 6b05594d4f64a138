import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/WorkspaceService', () => ({ Connections: vi.fn(), Kinds: vi.fn(), OpenDemo: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/go/app/ConnectionsService', () => ({
  Kinds: vi.fn(), Get: vi.fn(), Add: vi.fn(), Update: vi.fn(), Test: vi.fn(), Remove: vi.fn(),
}))

import * as Workspace from '../../wailsjs/go/app/WorkspaceService'
import * as Sessions from '../../wailsjs/go/app/SessionsService'
import * as Conn from '../../wailsjs/go/app/ConnectionsService'
import ConnectionSidebar from '../../src/components/layout/ConnectionSidebar.vue'
import ConnectionsManager from '../../src/components/connections/ConnectionsManager.vue'
import RemoveConnectionDialog from '../../src/components/connections/RemoveConnectionDialog.vue'
import { setNotifier } from '../../src/composables/notify'
import { useConnectionsStore } from '../../src/stores/connections'
import { useConnectionsAdminStore } from '../../src/stores/connectionsAdmin'
import { useSessionsStore } from '../../src/stores/sessions'
import { makeConnection, salesforce } from './support/connections'

const $ = (sel: string) => document.querySelector<HTMLElement>(sel)
const $$ = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)]

const list = [
  makeConnection({ id: 1, name: 'Acme Prod', status: 'ok', lastRefresh: '2026-11-20T10:00:00Z' }),
  makeConnection({ id: 2, name: 'Globex', status: 'error', message: 'HTTP 503 from the server' }),
  makeConnection({ id: 3, name: 'Initech', status: 'needs_signin', message: 'Refresh token revoked' }),
  makeConnection({ id: 4, name: 'Demo Org', status: 'never', demo: true }),
]

describe('connections manager, sidebar and removal', () => {
  const wrappers: VueWrapper[] = []
  beforeEach(async () => {
    setActivePinia(createPinia())
    setNotifier(() => {})
    vi.mocked(Workspace.Connections).mockReset().mockResolvedValue(list as never)
    vi.mocked(Sessions.Query).mockReset().mockResolvedValue({ rows: [], total: 0, offset: 0 } as never)
    vi.mocked(Sessions.SessionTypes).mockReset().mockResolvedValue([] as never)
    vi.mocked(Conn.Kinds).mockReset().mockResolvedValue([salesforce] as never)
    vi.mocked(Conn.Get).mockReset().mockResolvedValue({ connection: list[2], options: {}, secretsStored: { refresh_token: true } } as never)
    vi.mocked(Conn.Test).mockReset().mockResolvedValue({ ok: true, signedInAs: 'ops@globex', permissions: [], limits: '', error: '', errorCode: '' } as never)
    vi.mocked(Conn.Remove).mockReset().mockResolvedValue(undefined as never)
    await useConnectionsStore().reload()
  })
  afterEach(() => {
    wrappers.splice(0).forEach((w) => w.unmount())
    document.body.innerHTML = ''
  })
  const show = (c: Parameters<typeof mount>[0]) => wrappers.push(mount(c, { attachTo: document.body }))

  it('sidebar: each status says what to do next', async () => {
    show(ConnectionSidebar)
    await flushPromises()
    const item = (name: string) => $(`[data-testid="connection-item"][data-connection-name="${name}"]`)!
    expect(item('Demo Org').textContent).toContain('Not refreshed yet')
    expect(item('Initech').querySelector('[data-testid="connection-needs-signin"]')!.textContent).toBe('Needs sign-in')
    expect(item('Globex').textContent).toContain('Refresh failed')
    expect($$('[data-testid="connection-quick-test"]').map((b) => b.dataset.connectionName)).toEqual(['Globex'])
    expect($$('[data-testid="connection-quick-edit"]').map((b) => b.dataset.connectionName)).toEqual(['Globex', 'Initech'])

    // "Needs sign-in" → Edit opens the form with the secret inputs ready for a new credential.
    $('[data-testid="connection-quick-edit"][data-connection-name="Initech"]')!.click()
    await flushPromises()
    const admin = useConnectionsAdminStore()
    expect(admin.form.open).toBe(true)
    expect(admin.form.id).toBe(3)
    expect(admin.form.replaceSecrets).toBe(true)

    // Error → Test opens the manager and runs the test.
    $('[data-testid="connection-quick-test"]')!.click()
    await flushPromises()
    expect(Conn.Test).toHaveBeenCalledWith(2)
    expect(admin.managerOpen).toBe(true)
    expect(admin.testResults[2].ok).toBe(true)
  })

  it('manager: one row per connection with Edit/Test/Remove; demo rows say View', async () => {
    show(ConnectionsManager)
    useConnectionsAdminStore().managerOpen = true
    await flushPromises()
    const rows = $$('[data-testid="connection-manager-row"]')
    expect(rows.map((r) => r.dataset.connectionName)).toEqual(['Acme Prod', 'Globex', 'Initech', 'Demo Org'])
    for (const r of rows) {
      for (const id of ['connection-edit', 'connection-test', 'connection-remove']) expect(r.querySelector(`[data-testid="${id}"]`)).not.toBeNull()
    }
    expect(rows[3].querySelector('[data-testid="connection-edit"]')!.textContent).toContain('View')
    expect(rows[1].querySelector('[data-testid="connection-manager-status"]')!.textContent).toBe('Refresh failed')

    vi.mocked(Conn.Test).mockResolvedValueOnce({ ok: false, signedInAs: '', permissions: [], limits: '', error: 'timeout', errorCode: 'unavailable' } as never)
    ;(rows[1].querySelector('[data-testid="connection-test"]') as HTMLElement).click()
    await flushPromises()
    const panel = $('[data-testid="connection-manager-row"][data-connection-name="Globex"] [data-testid="connection-test-result"]')!
    expect(panel.dataset.ok).toBe('false')
    expect(panel.textContent).toContain('Check the URL / network')
  })

  it('a failed Test call (rejection) is shown as a failed result', async () => {
    vi.mocked(Conn.Test).mockRejectedValueOnce({ code: 'not_found', message: 'No such connection' })
    const r = await useConnectionsAdminStore().test(9)
    expect(r).toMatchObject({ ok: false, error: 'No such connection', errorCode: 'not_found' })
  })

  it('remove asks first (snapshots deleted, keyring entries removed, audit kept), then removes', async () => {
    show(ConnectionsManager)
    show(RemoveConnectionDialog)
    useConnectionsAdminStore().managerOpen = true
    useSessionsStore().setConnection(2)
    await flushPromises()
    ;($('[data-testid="connection-manager-row"][data-connection-name="Globex"] [data-testid="connection-remove"]') as HTMLElement).click()
    await flushPromises()
    const dialog = $('[data-testid="connection-remove-dialog"]')!
    expect(dialog.dataset.connectionName).toBe('Globex')
    expect(dialog.textContent).toContain('session snapshots on this computer are deleted')
    expect(dialog.textContent).toContain('removed from the OS keyring')
    expect(dialog.textContent).toContain('audit trail is kept')
    expect(Conn.Remove).not.toHaveBeenCalled()

    vi.mocked(Workspace.Connections).mockResolvedValue(list.filter((c) => c.id !== 2) as never)
    $('[data-testid="connection-remove-confirm"]')!.click()
    await flushPromises()
    expect(Conn.Remove).toHaveBeenCalledWith(2)
    expect(useConnectionsAdminStore().removeTarget).toBeNull() // the dialog closes
    expect(useSessionsStore().connectionId).toBeNull() // the removed org was selected
    expect($$('[data-testid="connection-manager-row"]').map((r) => r.dataset.connectionName)).not.toContain('Globex')
  })

  it('a failed removal keeps the dialog with the reason', async () => {
    show(RemoveConnectionDialog)
    vi.mocked(Conn.Remove).mockRejectedValueOnce({ code: 'internal', message: 'keyring is locked' })
    useConnectionsAdminStore().askRemove(list[0])
    await flushPromises()
    $('[data-testid="connection-remove-confirm"]')!.click()
    await flushPromises()
    expect($('[data-testid="connection-remove-error"]')!.textContent).toContain('keyring is locked')
    expect($('[data-testid="connection-remove-dialog"]')).not.toBeNull()
  })
})
