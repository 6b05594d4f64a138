import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))

import * as Sessions from '../../wailsjs/go/app/SessionsService'
import FilterBar from '../../src/components/sessions/FilterBar.vue'
import { isIpPrefix, routeSearch } from '../../src/components/sessions/searchRouting'
import { useSessionsStore } from '../../src/stores/sessions'
import { fakeQuery } from './support/fixtures'

const query = vi.mocked(Sessions.Query)

describe('routeSearch', () => {
  it.each([
    ['10.', true],
    ['192.168.1.7', true],
    ['8', true],
    ['2001:db8:', true],
    ['fe80::1', true],
    ['::1', true],
    ['alice', false],
    ['cafe', false], // hex letters without a colon are a name
    ['alice@acme.com', false],
    ['.', false],
    ['', false],
    ['10.0.0.1/24 x', false],
    ['10.0.0.0/8', true], // CIDR ranges go to the IP filter too
    ['2001:db8::/32', true],
    ['alice/8', false],
  ])('%j is an IP prefix: %s', (text, ip) => {
    expect(isIpPrefix(text)).toBe(ip)
  })

  it('puts text in exactly one of user and ip, trimmed', () => {
    expect(routeSearch('  10.2. ')).toEqual({ user: '', ip: '10.2.' })
    expect(routeSearch(' Ann ')).toEqual({ user: 'Ann', ip: '' })
    expect(routeSearch('')).toEqual({ user: '', ip: '' })
  })
})

describe('FilterBar', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
    query.mockReset()
    query.mockImplementation(fakeQuery(1234) as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    vi.useRealTimers()
  })

  it('routes IP-like text to ip after the 250 ms debounce, and names to user', async () => {
    const store = useSessionsStore()
    wrapper = mount(FilterBar, { attachTo: document.body })
    const input = wrapper.get('input[data-testid="filter-input"]')

    await input.setValue('10.1')
    await input.setValue('10.1.')
    await vi.advanceTimersByTimeAsync(249)
    expect(store.ip).toBe('')
    expect(query).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(store.ip).toBe('10.1.')
    expect(store.user).toBe('')
    expect(query).toHaveBeenCalledTimes(1)
    expect(query.mock.calls[0][0]).toMatchObject({ filter: { ip: '10.1.', user: '' }, offset: 0, limit: 200 })
    expect(wrapper.get('[data-testid="filter-route"]').text()).toBe('IP')

    await input.setValue('maria')
    await vi.advanceTimersByTimeAsync(250)
    expect(query.mock.calls.at(-1)![0]).toMatchObject({ filter: { ip: '', user: 'maria' } })
    expect(wrapper.get('[data-testid="filter-route"]').text()).toBe('user')
  })

  it('shows the total with thousands separators', async () => {
    const store = useSessionsStore()
    wrapper = mount(FilterBar)
    store.resetRows()
    await vi.advanceTimersByTimeAsync(0)
    const total = wrapper.get('[data-testid="sessions-total"]')
    expect(total.attributes('data-total')).toBe('1234')
    expect(total.text().replace(/\D/g, '')).toBe('1234')
    expect(total.text()).toMatch(/1.234 sessions/)
  })
})
