import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'

vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Users: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))

import * as Sessions from '../../wailsjs/go/app/SessionsService'
import FilterBar from '../../src/components/sessions/FilterBar.vue'
import UsernameChip from '../../src/components/sessions/UsernameChip.vue'
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

  it('shows the username and its clear button returns to the usual filter', async () => {
    const store = useSessionsStore()
    wrapper = mount(UsernameChip)
    expect(wrapper.find('[data-testid="username-chip"]').exists()).toBe(false)
    store.setUsername('Ann@Acme.com')
    await nextTick()
    expect(wrapper.get('[data-testid="username-chip"]').text()).toContain('Ann@Acme.com')
    expect(store.filtered).toBe(true)
    query.mockClear()
    await wrapper.get('[data-testid="username-chip-clear"]').trigger('click')
    expect(store.username).toBe('')
    expect(store.filtered).toBe(false)
    expect(query.mock.calls.at(-1)![0]).toMatchObject({ filter: { username: '' }, offset: 0 })
    await nextTick()
    expect(wrapper.find('[data-testid="username-chip"]').exists()).toBe(false)
  })

  it('typing in the filter box leaves the one-user filter', async () => {
    const store = useSessionsStore()
    wrapper = mount({ components: { FilterBar, UsernameChip }, template: '<div><FilterBar /><UsernameChip /></div>' })
    store.setUsername('ann')
    await vi.advanceTimersByTimeAsync(300)
    expect(store.username).toBe('ann') // the cleared filter box does not drop it
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
