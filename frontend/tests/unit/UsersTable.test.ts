import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'

vi.mock('../../wailsjs/go/app/UsersService', () => ({ Users: vi.fn(), LoginHistory: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))

import * as Sessions from '../../wailsjs/go/app/SessionsService'
import * as Users from '../../wailsjs/go/app/UsersService'
import type { UserRow, UsersQuery } from '../../src/api/types'
import { emptyFilter } from '../../src/api/types'
import UsersTable from '../../src/components/users/UsersTable.vue'
import UsersFilterBar from '../../src/components/users/UsersFilterBar.vue'
import { useSessionsStore } from '../../src/stores/sessions'
import { useUsersStore } from '../../src/stores/users'
import { useViewStore } from '../../src/stores/view'
import { fakeLayout, fakeQuery, flush } from './support/fixtures'

const TOTAL = 50_000
const usersCall = vi.mocked(Users.Users)
const query = vi.mocked(Sessions.Query)

function makeUser(i: number): UserRow {
  return {
    username: `user${i}@example.com`,
    name: `User ${i}`,
    connections: i % 2 ? ['Acme', 'Globex'] : ['Acme'],
    sessions: TOTAL - i,
    countries: 1 + (i % 3),
    lastActiveAt: '2026-11-20T11:00:00Z',
  }
}

function fakeUsers(total: number) {
  return async (q: UsersQuery) => {
    const rows: UserRow[] = []
    for (let i = q.offset; i < Math.min(total, q.offset + q.limit); i++) rows.push(makeUser(i))
    return { rows, total, offset: q.offset }
  }
}

async function settle(times = 4) {
  for (let i = 0; i < times; i++) {
    await flush()
    await nextTick()
  }
}

const lastUsersQuery = () => usersCall.mock.calls.at(-1)![0]

describe('Users view (virtualized, windowed)', () => {
  let restoreLayout: () => void
  let wrapper: VueWrapper | undefined

  beforeEach(() => {
    restoreLayout = fakeLayout(600)
    setActivePinia(createPinia())
    usersCall.mockReset()
    usersCall.mockImplementation(fakeUsers(TOTAL) as never)
    query.mockReset()
    query.mockImplementation(fakeQuery(7) as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    vi.useRealTimers()
    restoreLayout()
  })

  async function mountTable() {
    wrapper = mount(UsersTable, { attachTo: document.body })
    await settle()
    return useUsersStore()
  }

  it('asks for the first window sorted by sessions, descending, across all orgs', async () => {
    const store = await mountTable()
    expect(store.total).toBe(TOTAL)
    expect(usersCall).toHaveBeenCalledTimes(1)
    expect(usersCall.mock.calls[0][0]).toEqual({ filter: emptyFilter(), sort: 'sessions', desc: true, offset: 0, limit: 200 })
    expect(wrapper!.get('[data-testid="users-header-sessions"]').attributes('aria-sort')).toBe('descending')
  })

  it('renders only a window of rows for a large total', async () => {
    await mountTable()
    const rows = wrapper!.findAll('[data-testid="user-row"]')
    expect(rows.length).toBeGreaterThan(10)
    expect(rows.length).toBeLessThan(60)
    expect((wrapper!.get('.body').element as HTMLElement).style.height).toBe(`${TOTAL * 30}px`)
    const first = wrapper!.get('[data-testid="user-row"][data-username="user1@example.com"]')
    expect(first.attributes('data-sessions')).toBe(String(TOTAL - 1))
    expect(first.text()).toContain('User 1')
    const orgs = first.get('[data-testid="user-cell-orgs"]')
    expect(orgs.text()).toBe('Acme, Globex')
    expect(orgs.attributes('title')).toBe('Acme, Globex')
    expect(wrapper!.get('[data-testid="users-table"]').attributes('data-total')).toBe(String(TOTAL))
  })

  it('does not fetch users before the view is shown', () => {
    const store = useUsersStore()
    useSessionsStore().setConnection(4)
    store.reloadRows()
    expect(usersCall).not.toHaveBeenCalled()
  })

  it('header clicks sort: new column descending (username ascending), same column flips', async () => {
    const store = await mountTable()
    await wrapper!.get('[data-testid="users-header-countries"]').trigger('click')
    await settle()
    expect(lastUsersQuery()).toMatchObject({ sort: 'countries', desc: true, offset: 0 })
    await wrapper!.get('[data-testid="users-header-countries"]').trigger('click')
    await settle()
    expect(lastUsersQuery()).toMatchObject({ sort: 'countries', desc: false, offset: 0 })
    await wrapper!.get('[data-testid="users-header-username"]').trigger('click')
    await settle()
    expect(lastUsersQuery()).toMatchObject({ sort: 'username', desc: false })
    await wrapper!.get('[data-testid="users-header-last_active_at"]').trigger('click')
    await settle()
    expect(lastUsersQuery()).toMatchObject({ sort: 'last_active_at', desc: true })
    expect(store.sort).toBe('last_active_at')
  })

  it('the sidebar org selection and a refresh invalidate the cache', async () => {
    await mountTable()
    const sessions = useSessionsStore()
    sessions.setConnection(3)
    await settle()
    expect(lastUsersQuery()).toMatchObject({ filter: { connectionIds: [3] }, offset: 0 })
    usersCall.mockClear()
    useUsersStore().reloadRows()
    await settle()
    expect(usersCall).toHaveBeenCalled()
    expect(lastUsersQuery()).toMatchObject({ filter: { connectionIds: [3] }, offset: 0 })
  })

  it('the filter box sends the prefix after a 250 ms debounce and shows the total', async () => {
    vi.useFakeTimers()
    const store = useUsersStore()
    wrapper = mount({ components: { UsersFilterBar, UsersTable }, template: '<div><UsersFilterBar /><UsersTable /></div>' }, { attachTo: document.body })
    await vi.advanceTimersByTimeAsync(0)
    expect(wrapper.get('[data-testid="users-total"]').text()).toMatch(/50.000 users/)
    usersCall.mockClear()
    await wrapper.get('input[data-testid="users-filter"]').setValue('ann')
    await vi.advanceTimersByTimeAsync(249)
    expect(usersCall).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(store.filter).toBe('ann')
    expect(usersCall).toHaveBeenCalledTimes(1)
    expect(lastUsersQuery()).toMatchObject({ filter: { user: 'ann' }, sort: 'sessions', desc: true, offset: 0 })
  })

  it('clicking a row shows exactly that user in the Sessions view', async () => {
    await mountTable()
    const sessions = useSessionsStore()
    const view = useViewStore()
    view.show('users')
    sessions.setConnection(2)
    sessions.setSearch('10.0.')
    await settle()
    query.mockClear()
    await wrapper!.get('[data-testid="user-row"][data-username="user3@example.com"]').trigger('click')
    await settle()
    expect(sessions.username).toBe('user3@example.com')
    expect(view.current).toBe('sessions')
    expect(sessions.ip).toBe('')
    expect(sessions.searchText).toBe('')
    expect(sessions.connectionId).toBe(2)
    expect(query.mock.calls.at(-1)![0]).toMatchObject({ filter: { username: 'user3@example.com', user: '', ip: '', connectionIds: [2] }, offset: 0 })
    expect(sessions.total).toBe(7)
  })
})
