import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'

vi.mock('../../wailsjs/go/app/WorkspaceService', () => ({ Connections: vi.fn(), Kinds: vi.fn(), OpenDemo: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/go/app/ConnectionsService', () => ({
  Kinds: vi.fn(), Get: vi.fn(), Add: vi.fn(), Update: vi.fn(), Test: vi.fn(), Remove: vi.fn(),
}))

import * as Workspace from '../../wailsjs/go/app/WorkspaceService'
import * as Sessions from '../../wailsjs/go/app/SessionsService'
import * as Conn from '../../wailsjs/go/app/ConnectionsService'
import ConnectionFormModal from '../../src/components/connections/ConnectionFormModal.vue'
import { useConnectionsAdminStore } from '../../src/stores/connectionsAdmin'
import { keycloak, makeConnection, salesforce } from './support/connections'

const SECRET = 'tok-SECRET-123'
const $ = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const input = (id: string) => $(id) as HTMLInputElement

async function type(id: string, value: string) {
  const el = input(id)
  el.value = value
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}
async function click(id: string) {
  $(id)!.click()
  await flushPromises()
}

// jsdom has no scrolling; Naive UI's select menu scrolls to the chosen option.
Element.prototype.scrollTo ??= function scrollTo() {}

describe('ConnectionFormModal', () => {
  let wrapper: VueWrapper | undefined
  let pinia: Pinia
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    vi.mocked(Workspace.Connections).mockReset().mockResolvedValue([makeConnection()] as never)
    vi.mocked(Sessions.Query).mockReset().mockResolvedValue({ rows: [], total: 0, offset: 0 } as never)
    vi.mocked(Conn.Kinds).mockReset().mockResolvedValue([salesforce, keycloak] as never)
    vi.mocked(Conn.Add).mockReset().mockResolvedValue(makeConnection({ status: 'never' }) as never)
    vi.mocked(Conn.Update).mockReset().mockResolvedValue(makeConnection() as never)
    vi.mocked(Conn.Get).mockReset().mockResolvedValue({
      connection: makeConnection(),
      options: { client_id: 'abc', api_version: '64.0' },
      secretsStored: { refresh_token: true, client_secret: false },
    } as never)
    vi.mocked(Conn.Test).mockReset()
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  async function openAdd(kind = 'salesforce') {
    wrapper ??= mount(ConnectionFormModal, { attachTo: document.body })
    await useConnectionsAdminStore().openAdd()
    await flushPromises()
    // The kind select: open it and click the option (the menu is rendered in <body>).
    ;(document.querySelector('[data-testid="connection-kind-select"] .n-base-selection') as HTMLElement).click()
    await flushPromises()
    const options = [...document.querySelectorAll<HTMLElement>('[data-testid="connection-kind-option"]')]
    expect(options.map((o) => o.dataset.value)).toEqual(['salesforce', 'keycloak'])
    options.find((o) => o.dataset.value === kind)!.click()
    await flushPromises()
  }

  it('renders the fields from the descriptor: plain options as text, secrets as password inputs', async () => {
    await openAdd('keycloak')
    expect($('connection-form')!.dataset.mode).toBe('add')
    expect(input('connection-name').type).toBe('text')
    expect(input('connection-url').type).toBe('text')
    expect(input('connection-option-realm').type).toBe('text')
    expect(input('connection-secret-client_secret').type).toBe('password')
    expect(input('connection-secret-client_secret').getAttribute('autocomplete')).toBe('new-password')
    expect($('connection-option-client_id')).toBeNull() // another kind's option
    expect(input('connection-option-realm').getAttribute('aria-required')).toBe('true')
    expect($('connection-test')).toBeNull() // not saved yet
  })

  it('checks only emptiness on the client and lists what is missing', async () => {
    await openAdd()
    await click('connection-save')
    expect($('connection-form-error')!.textContent).toContain('Name, URL, Consumer key, Refresh token')
    expect(Conn.Add).not.toHaveBeenCalled()
  })

  it('add sends options and only the non-empty secrets, then forgets the typed secret', async () => {
    await openAdd()
    await type('connection-name', 'Acme Prod')
    await type('connection-url', 'https://acme.my.salesforce.com')
    await type('connection-option-client_id', ' abc ')
    await type('connection-secret-refresh_token', SECRET)
    await click('connection-save')
    expect(Conn.Add).toHaveBeenCalledTimes(1)
    expect(vi.mocked(Conn.Add).mock.calls[0][0]).toEqual({
      id: 0,
      kind: 'salesforce',
      name: 'Acme Prod',
      url: 'https://acme.my.salesforce.com',
      options: { client_id: 'abc', api_version: '' },
      secrets: { refresh_token: SECRET },
    })
    expect(Workspace.Connections).toHaveBeenCalled() // the list is reloaded
    // Now an edit form for the saved connection: the secret is stored, not echoed.
    expect($('connection-form')!.dataset.mode).toBe('edit')
    expect($('connection-form-saved')).not.toBeNull()
    expect($('connection-secret-stored-refresh_token')!.textContent).toContain('Stored in the OS keyring')
    expect($('connection-secret-refresh_token')).toBeNull()
    expect(input('connection-secret-client_secret').value).toBe('')
    expect(document.body.innerHTML).not.toContain(SECRET)
    expect(JSON.stringify(pinia.state.value)).not.toContain(SECRET)
    expect($('connection-test')).not.toBeNull()
  })

  it('shows the Go validation message inline and keeps what was typed', async () => {
    vi.mocked(Conn.Add).mockRejectedValueOnce({ code: 'internal', message: 'the Salesforce URL must look like https://MyDomain.my.salesforce.com' })
    await openAdd()
    await type('connection-name', 'Acme')
    await type('connection-url', 'acme')
    await type('connection-option-client_id', 'abc')
    await type('connection-secret-refresh_token', SECRET)
    await click('connection-save')
    expect($('connection-form-error')!.textContent).toContain('the Salesforce URL must look like')
    expect(input('connection-secret-refresh_token').value).toBe(SECRET)
    expect(JSON.stringify(pinia.state.value)).not.toContain(SECRET)
  })

  it('cancel wipes the typed secrets', async () => {
    await openAdd()
    await type('connection-secret-refresh_token', SECRET)
    await click('connection-cancel')
    expect(useConnectionsAdminStore().form.open).toBe(false)
    await openAdd()
    expect(input('connection-secret-refresh_token').value).toBe('')
    expect(document.body.innerHTML).not.toContain(SECRET)
  })

  it('edit: stored secrets are not echoed; an empty replacement is not sent', async () => {
    wrapper = mount(ConnectionFormModal, { attachTo: document.body })
    await useConnectionsAdminStore().openEdit(4)
    await flushPromises()
    expect(input('connection-option-client_id').value).toBe('abc')
    expect(document.querySelector('[data-testid="connection-kind-select"] .n-base-selection--disabled')).not.toBeNull()
    expect($('connection-secret-stored-refresh_token')!.textContent).toContain('Stored in the OS keyring')
    expect($('connection-secret-refresh_token')).toBeNull()
    expect(input('connection-secret-client_secret').value).toBe('') // not stored: an empty input

    await click('connection-secret-replace-refresh_token')
    expect(input('connection-secret-refresh_token').type).toBe('password')
    expect(input('connection-secret-refresh_token').value).toBe('')
    await click('connection-save')
    expect(vi.mocked(Conn.Update).mock.calls[0][0]).toEqual({
      id: 4,
      kind: 'salesforce',
      name: 'Acme Prod',
      url: 'https://acme.my.salesforce.com',
      options: { client_id: 'abc', api_version: '64.0' },
      secrets: {},
    })

    await click('connection-secret-replace-refresh_token')
    await type('connection-secret-refresh_token', SECRET)
    await click('connection-save')
    expect(vi.mocked(Conn.Update).mock.calls[1][0].secrets).toEqual({ refresh_token: SECRET })
    expect($('connection-secret-refresh_token')).toBeNull()
    expect(document.body.innerHTML).not.toContain(SECRET)
  })

  it('Test in the form shows the result panel', async () => {
    vi.mocked(Conn.Test).mockResolvedValue({ ok: false, signedInAs: '', permissions: [], limits: '', error: 'INVALID_GRANT: expired access/refresh token', errorCode: 'auth' } as never)
    wrapper = mount(ConnectionFormModal, { attachTo: document.body })
    await useConnectionsAdminStore().openEdit(4)
    await flushPromises()
    await click('connection-test')
    expect(Conn.Test).toHaveBeenCalledWith(4)
    const panel = $('connection-test-result')!
    expect(panel.dataset.ok).toBe('false')
    expect($('connection-test-next')!.textContent).toContain('Sign in again / check the credential')
  })

  it('demo connections are read-only (no Save, no Replace) but removable', async () => {
    vi.mocked(Conn.Get).mockResolvedValue({ connection: makeConnection({ demo: true }), options: { client_id: 'demo' }, secretsStored: { refresh_token: true } } as never)
    wrapper = mount(ConnectionFormModal, { attachTo: document.body })
    await useConnectionsAdminStore().openEdit(4)
    await flushPromises()
    expect($('connection-form')!.dataset.demo).toBe('true')
    expect($('connection-demo-note')).not.toBeNull()
    expect($('connection-save')).toBeNull()
    expect($('connection-secret-replace-refresh_token')).toBeNull()
    expect(input('connection-name').disabled).toBe(true)
    expect($('connection-remove')).not.toBeNull()
  })
})
