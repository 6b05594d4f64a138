import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn(), Facets: vi.fn() }))
vi.mock('../../wailsjs/go/app/SettingsService', () => ({ Preference: vi.fn(async () => ''), SetPreference: vi.fn() }))

import * as Sessions from '../../wailsjs/go/app/SessionsService'
import FilterBar from '../../src/components/sessions/FilterBar.vue'
import { isIpPrefix, routeSearch } from '../../src/lib/searchRouting'
import { useFiltersStore } from '../../src/stores/filters'
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

  it('"Anything" mode sends the text to the free-text filter instead of user/IP', async () => {
    const filters = useFiltersStore()
    wrapper = mount(FilterBar, { attachTo: document.body })
    const input = wrapper.get('input[data-testid="filter-input"]')
    await input.setValue('berlin')
    await vi.advanceTimersByTimeAsync(250)
    expect(filters.filter.user).toBe('berlin')

    const mode = wrapper.get('[data-testid="filter-mode"]')
    expect(mode.attributes('data-mode')).toBe('auto')
    await mode.trigger('click')
    expect(mode.attributes('data-mode')).toBe('text')
    // What was typed moves to the other kind of search at once.
    expect(filters.filter).toMatchObject({ user: '', ip: '', text: 'berlin' })
    expect(wrapper.get('[data-testid="filter-route"]').text()).toBe('any')

    await input.setValue('DE')
    await vi.advanceTimersByTimeAsync(250)
    expect(filters.filter.text).toBe('DE')
    expect(query.mock.calls.at(-1)![0]).toMatchObject({ filter: { text: 'DE', user: '', ip: '' }, offset: 0 })

    await mode.trigger('click')
    expect(mode.attributes('data-mode')).toBe('auto')
    expect(filters.filter).toMatchObject({ user: 'DE', ip: '', text: '' })
  })

  it('follows the filter when a chip or saved view changes it', async () => {
    const filters = useFiltersStore()
    wrapper = mount(FilterBar, { attachTo: document.body })
    const input = wrapper.get('input[data-testid="filter-input"]').element as HTMLInputElement
    await wrapper.get('input[data-testid="filter-input"]').setValue('10.0.')
    await vi.advanceTimersByTimeAsync(250)
    expect(filters.filter.ip).toBe('10.0.')
    // Removing the IP chip empties the box.
    await wrapper.get('[data-testid="filter-chip"][data-key="ip"] [data-testid="filter-chip-remove"]').trigger('click')
    await vi.advanceTimersByTimeAsync(0)
    expect(filters.filter.ip).toBe('')
    expect(input.value).toBe('')
    // A free-text filter set elsewhere switches the box to "Anything" and shows it.
    filters.set('text', 'chrome')
    await vi.advanceTimersByTimeAsync(0)
    expect(wrapper.get('[data-testid="filter-mode"]').attributes('data-mode')).toBe('text')
    expect(input.value).toBe('chrome')
  })

  it('shows a bad_filter answer from the backend in the bar', async () => {
    const filters = useFiltersStore()
    query.mockImplementation((async () => {
      throw { code: 'bad_filter', message: 'asn: "ASX" is not an AS number' }
    }) as never)
    wrapper = mount(FilterBar, { attachTo: document.body })
    filters.set('asn', 'ASX')
    await vi.advanceTimersByTimeAsync(0)
    const err = wrapper.get('[data-testid="filter-error"]')
    expect(err.attributes('data-code')).toBe('bad_filter')
    expect(err.text()).toContain('is not an AS number')
    // Fixing the filter makes it go away.
    query.mockImplementation(fakeQuery(3) as never)
    filters.clear('asn')
    await vi.advanceTimersByTimeAsync(0)
    expect(wrapper.find('[data-testid="filter-error"]').exists()).toBe(false)
  })

  it('"More filters" opens the panel and counts the fields it sets', async () => {
    const filters = useFiltersStore()
    vi.mocked(Sessions.Facets).mockResolvedValue({ countries: [], sessionTypes: [], loginTypes: [], securityLevels: [], deviceTypes: [] } as never)
    wrapper = mount(FilterBar, { attachTo: document.body })
    const more = wrapper.get('[data-testid="filters-more"]')
    expect(more.attributes('data-count')).toBe('0')
    await more.trigger('click')
    await vi.advanceTimersByTimeAsync(0)
    expect(document.querySelector('[data-testid="filters-panel"]')).not.toBeNull()
    expect(document.querySelector('input[data-testid="filter-asn"]')!.getAttribute('placeholder')).toBe('AS15169')
    filters.patch({ city: 'Berlin', newOnly: true })
    await vi.advanceTimersByTimeAsync(0)
    expect(more.attributes('data-count')).toBe('2')
  })
})
