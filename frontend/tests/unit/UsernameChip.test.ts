import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'

vi.mock('../../wailsjs/go/app/UsersService', () => ({ Users: vi.fn(), LoginHistory: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn(), Facets: vi.fn() }))
vi.mock('../../wailsjs/go/app/SettingsService', () => ({ Preference: vi.fn(async () => ''), SetPreference: vi.fn() }))

import * as Sessions from '../../wailsjs/go/app/SessionsService'
import FilterBar from '../../src/components/sessions/FilterBar.vue'
import FilterChips from '../../src/components/filters/FilterChips.vue'
import UsernameChip from '../../src/components/filters/UsernameChip.vue'
import ViewSwitch from '../../src/components/layout/ViewSwitch.vue'
import { useSessionsStore } from '../../src/stores/sessions'
import { useViewStore } from '../../src/stores/view'
import { fakeQuery } from './support/fixtures'

const query = vi.mocked(Sessions.Query)

describe('one-user filter chip', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
    query.mockReset()
    query.mockImplementation(fakeQuery(3) as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    vi.useRealTimers()
  })

  it('shows the username (in the filter chips row) and its clear button returns to the usual filter', async () => {
    const store = useSessionsStore()
    wrapper = mount(FilterChips)
    expect(wrapper.find('[data-testid="username-chip"]').exists()).toBe(false)
    store.setUsername('Ann@Acme.com')
    await nextTick()
    expect(wrapper.get('[data-testid="username-chip"]').text()).toContain('Ann@Acme.com')
    expect(wrapper.get('[data-testid="username-chip"]').attributes('data-username')).toBe('Ann@Acme.com')
    // It is one of the filter chips too.
    expect(wrapper.find('[data-testid="filter-chip"][data-key="username"] [data-testid="username-chip"]').exists()).toBe(true)
    expect(store.filtered).toBe(true)
    query.mockClear()
    await wrapper.get('[data-testid="username-chip-clear"]').trigger('click')
    expect(store.username).toBe('')
    expect(store.filtered).toBe(false)
    expect(query.mock.calls.at(-1)![0]).toMatchObject({ filter: { username: '' }, offset: 0 })
    await nextTick()
    expect(wrapper.find('[data-testid="username-chip"]').exists()).toBe(false)
  })

  it('the chip\'s "remove" button (filter-chip-remove) clears it as well', async () => {
    const store = useSessionsStore()
    wrapper = mount(FilterChips)
    store.setUsername('bob')
    await nextTick()
    await wrapper.get('[data-testid="filter-chip"][data-key="username"] [data-testid="filter-chip-remove"]').trigger('click')
    expect(store.username).toBe('')
  })

  it('the standalone UsernameChip renders nothing (the filter bar shows the chip)', async () => {
    const store = useSessionsStore()
    wrapper = mount(UsernameChip)
    store.setUsername('ann')
    await nextTick()
    expect(wrapper.find('[data-testid="username-chip"]').exists()).toBe(false)
  })

  it('typing in the filter box leaves the one-user filter', async () => {
    const store = useSessionsStore()
    wrapper = mount({ components: { FilterBar, UsernameChip }, template: '<div><FilterBar /><UsernameChip /></div>' })
    store.setUsername('ann')
    await vi.advanceTimersByTimeAsync(300)
    expect(store.username).toBe('ann') // the cleared filter box does not drop it
    // FilterBar and UsernameChip together show the chip once.
    expect(wrapper.findAll('[data-testid="username-chip"]').length).toBe(1)
    await wrapper.get('input[data-testid="filter-input"]').setValue('bo')
    await vi.advanceTimersByTimeAsync(250)
    expect(store.username).toBe('')
    expect(query.mock.calls.at(-1)![0]).toMatchObject({ filter: { username: '', user: 'bo' } })
    expect(wrapper.find('[data-testid="username-chip"]').exists()).toBe(false)
  })

  it('the view switch marks the active view', async () => {
    wrapper = mount(ViewSwitch)
    const view = useViewStore()
    expect(wrapper.get('[data-testid="view-sessions"]').attributes('data-active')).toBe('true')
    await wrapper.get('[data-testid="view-users"]').trigger('click')
    expect(view.current).toBe('users')
    expect(wrapper.get('[data-testid="view-users"]').attributes('data-active')).toBe('true')
    expect(wrapper.get('[data-testid="view-sessions"]').attributes('data-active')).toBe('false')
  })
})
