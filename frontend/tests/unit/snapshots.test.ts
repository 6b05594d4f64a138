import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/WorkspaceService', () => ({ Connections: vi.fn(), Kinds: vi.fn(), OpenDemo: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({
  Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn(), Facets: vi.fn(),
}))
vi.mock('../../wailsjs/go/app/SnapshotsService', () => ({ Snapshots: vi.fn(), Compare: vi.fn() }))
vi.mock('../../wailsjs/go/app/SettingsService', () => ({ Preference: vi.fn(async () => ''), SetPreference: vi.fn(), Theme: vi.fn(), SetTheme: vi.fn() }))
vi.mock('../../wailsjs/go/app/RefreshService', () => ({ Start: vi.fn(), Cancel: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn(() => () => {}), EventsOff: vi.fn() }))

import * as Workspace from '../../wailsjs/go/app/WorkspaceService'
import * as Sessions from '../../wailsjs/go/app/SessionsService'
import * as Snapshots from '../../wailsjs/go/app/SnapshotsService'
import SnapshotsDrawer from '../../src/components/snapshots/SnapshotsDrawer.vue'
import TopBar from '../../src/components/layout/TopBar.vue'
import type { DiffView, SnapshotView } from '../../src/api/types'
import { setNotifier } from '../../src/composables/notify'
import { useConnectionsStore } from '../../src/stores/connections'
import { useFiltersStore } from '../../src/stores/filters'
import { useRefreshStore } from '../../src/stores/refresh'
import { useSessionsStore } from '../../src/stores/sessions'
import { defaultPair, useSnapshotsStore } from '../../src/stores/snapshots'
import { fakeQuery } from './support/fixtures'

const $ = (sel: string) => document.querySelector<HTMLElement>(sel)
const $$ = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)]

function snap(id: number, connectionId: number, over: Partial<SnapshotView> = {}): SnapshotView {
  return {
    id,
    connectionId,
    connection: connectionId === 1 ? 'Acme' : 'Globex',
    startedAt: `2026-11-${10 + (id % 10)}T10:00:00Z`,
    finishedAt: `2026-11-${10 + (id % 10)}T10:01:00Z`,
    status: 'complete',
    sessions: id * 10,
    error: '',
    current: false,
    comparable: true,
    meta: {},
    ...over,
  }
}

// Newest first per org, as the backend answers.
const SNAPSHOTS: SnapshotView[] = [
  snap(14, 1, { current: true, meta: { geo: 'DB-IP City Lite 2026-11' } }),
  snap(13, 1, { status: 'failed', comparable: false, error: 'HTTP 503', sessions: 0 }),
  snap(12, 1),
  snap(11, 1),
  snap(21, 2, { current: true }),
]

const DIFF: DiffView = {
  orgs: [{ connectionId: 1, connection: 'Acme', from: '2026-11-12T10:01:00Z', to: '2026-11-14T10:01:00Z', fromSessions: 120, toSessions: 140, newSessions: 30, endedSessions: 10 }],
  newSessions: 30,
  endedSessions: 10,
  newUsers: ['eve@acme.com', 'mallory@acme.com'],
  newUserCount: 5,
  newCountries: ['BR'],
  newDevices: [
    { username: 'ann@acme.com', browser: 'Chrome', platform: 'Windows' },
    { username: 'ann@acme.com', browser: 'Safari', platform: 'iOS' },
    { username: 'bob@acme.com', browser: 'Firefox', platform: 'Linux' },
  ],
  newDeviceCount: 3,
  skipped: [],
}

const conn = (id: number, name: string) => ({ id, name, kind: 'salesforce', kindName: 'Salesforce', url: '', demo: true, status: 'ok', message: '', lastRefresh: '', sessionCount: 1, capabilities: {} })

describe('defaultPair', () => {
  it('is the latest comparable snapshot against the comparable one before it', () => {
    expect(defaultPair(SNAPSHOTS.filter((s) => s.connectionId === 1))).toEqual({ from: 12, to: 14 })
    expect(defaultPair(SNAPSHOTS.filter((s) => s.connectionId === 2))).toEqual({ from: 0, to: 0 })
  })
})

describe('snapshot history and diff', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(async () => {
    setActivePinia(createPinia())
    setNotifier(() => {})
    vi.mocked(Workspace.Connections).mockReset().mockResolvedValue([conn(1, 'Acme'), conn(2, 'Globex'), conn(3, 'Initech')] as never)
    vi.mocked(Sessions.Query).mockReset().mockImplementation(fakeQuery(10) as never)
    vi.mocked(Sessions.SessionTypes).mockReset().mockResolvedValue([] as never)
    vi.mocked(Snapshots.Snapshots).mockReset().mockResolvedValue(SNAPSHOTS as never)
    vi.mocked(Snapshots.Compare).mockReset().mockResolvedValue(DIFF as never)
    await useConnectionsStore().reload()
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  async function openDrawer() {
    wrapper = mount(SnapshotsDrawer, { attachTo: document.body })
    useSnapshotsStore().show()
    await flushPromises()
  }

  it('opens on the table\'s org, lists its snapshots and compares its latest against the previous by default', async () => {
    useSessionsStore().setConnection(1)
    await openDrawer()
    const store = useSnapshotsStore()
    expect(Snapshots.Snapshots).toHaveBeenCalledWith(0)
    expect($('[data-testid="history-drawer"]')).not.toBeNull()
    expect(store.connectionId).toBe(1)

    const rows = $$('[data-testid="snapshot-row"]')
    expect(rows.map((r) => r.dataset.id)).toEqual(['14', '13', '12', '11'])
    expect(rows.every((r) => r.dataset.connection === '1')).toBe(true)
    expect(rows[0].querySelector('[data-testid="snapshot-geo"]')!.textContent).toContain('DB-IP City Lite')
    expect(rows[1].dataset.status).toBe('failed')
    expect(rows[1].textContent).toContain('HTTP 503')
    expect(rows[0].dataset.role).toBe('to')
    expect(rows[2].dataset.role).toBe('from')
    expect($('[data-testid="diff-from"]')!.dataset.value).toBe('12')
    expect($('[data-testid="diff-to"]')!.dataset.value).toBe('14')

    $('[data-testid="diff-compare"]')!.click()
    await flushPromises()
    expect(Snapshots.Compare).toHaveBeenCalledWith({ connectionId: 1, from: 12, to: 14 })
    const summary = $('[data-testid="diff-summary"]')!
    expect(summary).not.toBeNull()
    expect($('[data-testid="diff-new-sessions"]')!.dataset.count).toBe('30')
    expect($('[data-testid="diff-ended-sessions"]')!.dataset.count).toBe('10')
    expect($$('[data-testid="diff-new-user"]').map((u) => u.dataset.username)).toEqual(['eve@acme.com', 'mallory@acme.com'])
    expect($('[data-testid="diff-new-users"]')!.textContent).toContain('and 3 more')
    expect($$('[data-testid="diff-new-country"]').map((c) => c.dataset.code)).toEqual(['BR'])
    expect($$('[data-testid="diff-new-device"]').map((d) => `${d.dataset.username} ${d.dataset.browser}`)).toEqual([
      'ann@acme.com Chrome', 'ann@acme.com Safari', 'bob@acme.com Firefox',
    ])
    expect($$('[data-testid="diff-org"]').map((o) => o.dataset.connection)).toEqual(['1'])
    expect($('[data-testid="diff-new-note"]')).toBeNull()
  })

  it('"Show new sessions" sets newOnly and the compared org, and closes the drawer', async () => {
    await openDrawer()
    const store = useSnapshotsStore()
    const filters = useFiltersStore()
    const sessions = useSessionsStore()
    expect(store.connectionId).toBe(0) // no org selected in the table: every org
    store.setOrg(1)
    await flushPromises()
    $('[data-testid="diff-compare"]')!.click()
    await flushPromises()
    vi.mocked(Sessions.Query).mockClear()
    $('[data-testid="diff-show-new"]')!.click()
    await flushPromises()
    expect(filters.filter.newOnly).toBe(true)
    expect(filters.filter.connectionIds).toEqual([1])
    expect(sessions.connectionId).toBe(1)
    expect(store.open).toBe(false)
    // One change, one query.
    expect(vi.mocked(Sessions.Query)).toHaveBeenCalledTimes(1)
    expect(vi.mocked(Sessions.Query).mock.calls[0][0]).toMatchObject({ filter: { newOnly: true, connectionIds: [1] } })
  })

  it('"All orgs" compares every org\'s latest two, shows skipped orgs, and "Show new" covers every org', async () => {
    vi.mocked(Snapshots.Compare).mockResolvedValue({ ...DIFF, skipped: ['Globex: there is nothing to compare yet'] } as never)
    const filters = useFiltersStore()
    filters.set('connectionIds', [2])
    await openDrawer()
    const store = useSnapshotsStore()
    expect(store.connectionId).toBe(2)
    expect($('[data-testid="diff-unavailable"]')).not.toBeNull() // Globex has one refresh
    store.setOrg(0)
    await flushPromises()
    expect($('[data-testid="diff-from"]')).toBeNull()
    expect($$('[data-testid="snapshot-org"]').map((g) => g.dataset.connection)).toEqual(['1', '2'])
    $('[data-testid="diff-compare"]')!.click()
    await flushPromises()
    expect(Snapshots.Compare).toHaveBeenCalledWith({ connectionId: 0, from: 0, to: 0 })
    expect($$('[data-testid="diff-skipped-org"]').map((s) => s.textContent)).toEqual(['Globex: there is nothing to compare yet'])
    $('[data-testid="diff-show-new"]')!.click()
    await flushPromises()
    expect(filters.filter).toMatchObject({ newOnly: true, connectionIds: [] })
  })

  it('picked snapshots are compared; a new user or country opens the table on it', async () => {
    useSessionsStore().setConnection(1)
    await openDrawer()
    const store = useSnapshotsStore()
    $('[data-testid="snapshot-set-from"][data-id="11"]')!.click()
    await flushPromises()
    expect(store.autoPair).toBe(false)
    $('[data-testid="diff-compare"]')!.click()
    await flushPromises()
    expect(Snapshots.Compare).toHaveBeenLastCalledWith({ connectionId: 1, from: 11, to: 14 })
    expect($('[data-testid="diff-new-note"]')).not.toBeNull()

    $('[data-testid="diff-new-user"][data-username="eve@acme.com"]')!.click()
    await flushPromises()
    expect(useSessionsStore().username).toBe('eve@acme.com')
    expect(store.open).toBe(false)

    store.show()
    await flushPromises()
    $('[data-testid="diff-new-country"][data-code="BR"]')!.click()
    await flushPromises()
    expect(useFiltersStore().filter.countries).toEqual(['BR'])
    expect(useFiltersStore().filter.connectionIds).toEqual([1])
  })

  it('a failed comparison is shown with its code', async () => {
    vi.mocked(Snapshots.Compare).mockRejectedValue({ code: 'bad_filter', message: 'there is nothing to compare yet' } as never)
    useSessionsStore().setConnection(2)
    await openDrawer()
    $('[data-testid="diff-compare"]')!.click()
    await flushPromises()
    const err = $('[data-testid="diff-error"]')!
    expect(err.dataset.code).toBe('bad_filter')
    expect(err.textContent).toContain('nothing to compare yet')
    expect($('[data-testid="diff-summary"]')).toBeNull()
  })

  it('reloads the list when a refresh finishes while it is open, and marks the diff stale', async () => {
    useSessionsStore().setConnection(1)
    await openDrawer()
    $('[data-testid="diff-compare"]')!.click()
    await flushPromises()
    vi.mocked(Snapshots.Snapshots).mockClear()
    vi.mocked(Snapshots.Snapshots).mockResolvedValue([snap(15, 1, { current: true }), ...SNAPSHOTS.map((s) => ({ ...s, current: false }))] as never)
    useRefreshStore().handleDone({ jobId: 'j1', done: 1, failed: 0, canceled: 0, results: [] })
    await flushPromises()
    expect(Snapshots.Snapshots).toHaveBeenCalledTimes(1)
    expect($$('[data-testid="snapshot-row"]')[0].dataset.id).toBe('15')
    // Still the default pair: it follows the new refresh.
    expect($('[data-testid="diff-to"]')!.dataset.value).toBe('15')
    expect($('[data-testid="diff-from"]')!.dataset.value).toBe('14')
    expect($('[data-testid="diff-stale"]')).not.toBeNull()
  })

  it('the top bar\'s History button opens the drawer', async () => {
    wrapper = mount(TopBar, { attachTo: document.body })
    await flushPromises()
    await wrapper.get('[data-testid="open-history"]').trigger('click')
    await flushPromises()
    expect(useSnapshotsStore().open).toBe(true)
    expect($('[data-testid="history-drawer"]')).not.toBeNull()
    expect($$('[data-testid="snapshot-row"]').length).toBe(5)
  })
})
