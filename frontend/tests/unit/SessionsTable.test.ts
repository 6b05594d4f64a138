import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'

vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/go/app/SettingsService', () => ({ Preference: vi.fn(async () => ''), SetPreference: vi.fn(async () => undefined) }))

import * as Sessions from '../../wailsjs/go/app/SessionsService'
import SessionsTable from '../../src/components/sessions/SessionsTable.vue'
import { useColumnsStore } from '../../src/stores/columns'
import { useFiltersStore } from '../../src/stores/filters'
import { useSessionsStore } from '../../src/stores/sessions'
import { fakeLayout, fakeQuery, flush } from './support/fixtures'

const TOTAL = 100_000
const query = vi.mocked(Sessions.Query)

async function settle(times = 4) {
  for (let i = 0; i < times; i++) {
    await flush()
    await nextTick()
  }
}

describe('SessionsTable (virtualized, windowed)', () => {
  let restoreLayout: () => void
  let wrapper: VueWrapper | undefined

  beforeEach(() => {
    restoreLayout = fakeLayout(600)
    setActivePinia(createPinia())
    query.mockReset()
    query.mockImplementation(fakeQuery(TOTAL) as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    restoreLayout()
  })

  async function mountTable() {
    const store = useSessionsStore()
    store.resetRows()
    wrapper = mount(SessionsTable, { props: { multiOrg: true }, attachTo: document.body })
    await settle()
    return store
  }

  it('renders only a window of rows for 100k sessions and asks only for the first window', async () => {
    const store = await mountTable()
    expect(store.total).toBe(TOTAL)
    const rows = wrapper!.findAll('[data-testid="session-row"]')
    expect(rows.length).toBeGreaterThan(10)
    expect(rows.length).toBeLessThan(60)
    expect(query).toHaveBeenCalledTimes(1)
    expect(query.mock.calls[0][0]).toMatchObject({ offset: 0, limit: 200, sort: 'last_active_at', desc: true, filter: { connectionIds: [] } })
    const table = wrapper!.get('[data-testid="sessions-table"]')
    expect(table.attributes('data-total')).toBe(String(TOTAL))
    expect(table.attributes('data-loading')).toBe('false')
    // The scroll area is as tall as all rows, so the scrollbar tells the truth.
    const body = wrapper!.get('.body').element as HTMLElement
    expect(body.style.height).toBe(`${TOTAL * 30}px`)
  })

  it('marks rows with their id, ended and current state', async () => {
    await mountTable()
    const row1 = wrapper!.get('[data-testid="session-row"][data-session-id="S1"]')
    expect(row1.attributes('data-current')).toBe('true')
    expect(row1.text()).toContain('You')
    const row2 = wrapper!.get('[data-testid="session-row"][data-session-id="S2"]')
    expect(row2.attributes('data-ended')).toBe('true')
    expect(row2.text()).toContain('Ended')
    expect(wrapper!.get('[data-session-id="S3"]').attributes('data-ended')).toBe('false')
  })

  it('scrolling far fetches only the windows around the new position, aligned to 200', async () => {
    await mountTable()
    const scroller = wrapper!.get('.scroller').element as HTMLElement
    query.mockClear()
    let answer!: () => void
    const gate = new Promise<void>((r) => (answer = r))
    query.mockImplementation((async (q: Parameters<typeof Sessions.Query>[0]) => {
      await gate
      return fakeQuery(TOTAL)(q)
    }) as never)

    scroller.scrollTop = 50_000 * 30
    scroller.dispatchEvent(new Event('scroll'))
    await settle()

    // While the window is loading, rows render as placeholders.
    expect(wrapper!.findAll('[data-testid="session-row-placeholder"]').length).toBeGreaterThan(0)
    expect(wrapper!.get('[data-testid="sessions-table"]').attributes('data-loading')).toBe('true')

    answer()
    await settle()
    const offsets = query.mock.calls.map((c) => c[0].offset)
    expect(offsets.length).toBeGreaterThan(0)
    expect(offsets.length).toBeLessThanOrEqual(2)
    for (const c of query.mock.calls) {
      expect(c[0].offset % 200).toBe(0)
      expect(c[0].limit).toBe(200)
      expect(c[0].offset).toBeGreaterThanOrEqual(49_800)
      expect(c[0].offset).toBeLessThanOrEqual(50_000)
    }
    const ids = wrapper!.findAll('[data-testid="session-row"]').map((r) => Number(r.attributes('data-index')))
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(49_980)
    expect(Math.max(...ids)).toBeLessThan(50_060)
    expect(wrapper!.findAll('[data-testid="session-row-placeholder"]').length).toBe(0)
  })

  it('clicking a header sorts by it; clicking again flips the direction; the cache starts over', async () => {
    const store = await mountTable()
    await wrapper!.get('[data-testid="header-username"]').trigger('click')
    await settle()
    expect(store.sort).toBe('username')
    expect(store.desc).toBe(false)
    expect(query.mock.calls.at(-1)![0]).toMatchObject({ sort: 'username', desc: false, offset: 0 })
    expect(wrapper!.get('[data-testid="header-username"]').attributes('aria-sort')).toBe('ascending')
    await wrapper!.get('[data-testid="header-username"]').trigger('click')
    await settle()
    expect(query.mock.calls.at(-1)![0]).toMatchObject({ sort: 'username', desc: true })
    expect(wrapper!.get('[data-testid="header-username"]').text()).toContain('▼')
  })

  it('arrow keys move the selection', async () => {
    const store = await mountTable()
    await wrapper!.get('[data-testid="session-row"][data-session-id="S4"]').trigger('click')
    expect(store.selectedKey).toBe('1:S4')
    const scroller = wrapper!.get('.scroller')
    await scroller.trigger('keydown', { key: 'ArrowDown' })
    expect(store.selectedKey).toBe('1:S5')
    await scroller.trigger('keydown', { key: 'ArrowUp' })
    await scroller.trigger('keydown', { key: 'ArrowUp' })
    expect(store.selectedKey).toBe('1:S3')
    await nextTick()
    expect(wrapper!.get('[data-session-id="S3"]').attributes('aria-selected')).toBe('true')
  })

  it('hides the Org column for a single org', async () => {
    await mountTable()
    expect(wrapper!.find('[data-testid="header-connection"]').exists()).toBe(true)
    await wrapper!.setProps({ multiOrg: false })
    expect(wrapper!.find('[data-testid="header-connection"]').exists()).toBe(false)
  })

  it('chosen columns appear; only backend sort keys make sort headers', async () => {
    const store = await mountTable()
    expect(wrapper!.find('[data-testid="header-country"]').exists()).toBe(false)
    await useColumnsStore().setShown('country', true)
    await useColumnsStore().setShown('asn', true)
    await settle()
    const country = wrapper!.get('[data-testid="header-country"]')
    expect(country.element.tagName).toBe('DIV')
    await country.trigger('click')
    expect(store.sort).toBe('last_active_at') // not sortable: nothing happens
    const row = wrapper!.get('[data-testid="session-row"][data-session-id="S3"]')
    expect(row.get('[data-col="country"]').text()).toBe('DE')
    expect(row.get('[data-col="asn"]').text()).toBe('—')
    // Every sort header carries a real backend key.
    for (const h of wrapper!.findAll('button[role="columnheader"]')) {
      expect(h.attributes('data-testid')).toMatch(/^header-(username|connection|session_type|login_type|created_at|last_active_at|expires_at|source_ip|location|security_level|user_type)$/)
    }
    await useColumnsStore().setShown('loginType', false)
    await settle()
    expect(wrapper!.find('[data-testid="header-login_type"]').exists()).toBe(false)
    expect(row.find('[data-col="loginType"]').exists()).toBe(false)
  })

  it('"Clear filter" in an empty table clears every filter but the org', async () => {
    query.mockImplementation(fakeQuery(0) as never)
    await mountTable()
    const filters = useFiltersStore()
    filters.patch({ city: 'Nowhere', newOnly: true, connectionIds: [4] })
    await settle()
    await wrapper!.get('[data-testid="sessions-clear-filter"]').trigger('click')
    expect(filters.active).toBe(false)
    expect(filters.filter.connectionIds).toEqual([4])
    expect(wrapper!.emitted('clearFilter')).toHaveLength(1)
  })
})
