import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { NSelect } from 'naive-ui'

vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn(), Facets: vi.fn() }))
vi.mock('../../wailsjs/go/app/SettingsService', () => ({ Preference: vi.fn(), SetPreference: vi.fn() }))

import * as Sessions from '../../wailsjs/go/app/SessionsService'
import * as Settings from '../../wailsjs/go/app/SettingsService'
import FilterChips from '../../src/components/filters/FilterChips.vue'
import MoreFilters from '../../src/components/filters/MoreFilters.vue'
import SavedViews from '../../src/components/filters/SavedViews.vue'
import { localInputToRfc3339, rfc3339ToLocalInput } from '../../src/lib/localTime'
import { panelCount } from '../../src/lib/filterPanel'
import { setNotifier } from '../../src/composables/notify'
import { emptyFilter } from '../../src/api/types'
import { useFiltersStore } from '../../src/stores/filters'
import { useSessionsStore } from '../../src/stores/sessions'
import { fakeQuery } from './support/fixtures'

const query = vi.mocked(Sessions.Query)
const facets = {
  countries: [
    { code: 'DE', name: 'Germany' },
    { code: 'FR', name: 'France' },
  ],
  sessionTypes: ['UI'],
  loginTypes: ['Application', 'SAML'],
  securityLevels: ['STANDARD', 'HIGH_ASSURANCE'],
  deviceTypes: ['Desktop', 'Mobile'],
}

function selectByTestId(w: VueWrapper, testid: string) {
  const s = w.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === testid)
  if (!s) throw new Error(`no select ${testid}`)
  return s
}

describe('datetime-local ⇄ RFC 3339', () => {
  it('round-trips through UTC and keeps empty empty', () => {
    const rfc = localInputToRfc3339('2026-11-20T09:30')
    expect(rfc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/)
    expect(new Date(rfc).getTime()).toBe(new Date(2026, 10, 20, 9, 30).getTime())
    expect(rfc3339ToLocalInput(rfc)).toBe('2026-11-20T09:30')
    expect(localInputToRfc3339('')).toBe('')
    expect(localInputToRfc3339('garbage')).toBe('')
    expect(rfc3339ToLocalInput('')).toBe('')
  })
})

describe('filter chips', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => {
    setActivePinia(createPinia())
    query.mockReset()
    query.mockImplementation(fakeQuery(5) as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  it('renders one chip per active filter and nothing when none is set', async () => {
    const filters = useFiltersStore()
    wrapper = mount(FilterChips)
    expect(wrapper.find('[data-testid="filter-chips"]').exists()).toBe(false)
    filters.patch({ countries: ['DE', 'FR'], asn: 'AS15169', newOnly: true, connectionIds: [3] })
    await nextTick()
    const chips = wrapper.findAll('[data-testid="filter-chip"]')
    expect(chips.map((c) => c.attributes('data-key'))).toEqual(['countries', 'asn', 'newOnly'])
    expect(wrapper.get('[data-testid="filter-chip"][data-key="countries"]').attributes('data-value')).toBe('DE, FR')
    expect(wrapper.get('[data-testid="filter-chip"][data-key="asn"]').text()).toContain('AS15169')
    expect(wrapper.get('[data-testid="filter-chip"][data-key="newOnly"]').text()).toContain('New since previous snapshot')
  })

  it('× removes one filter and re-queries; "Clear all" removes all but the org choice', async () => {
    const filters = useFiltersStore()
    useSessionsStore() // the table store re-queries on every filter change
    wrapper = mount(FilterChips)
    filters.patch({ city: 'Berlin', browser: 'chrome', createdFrom: '2026-11-20T08:00:00Z', connectionIds: [2] })
    await nextTick()
    query.mockClear()
    await wrapper.get('[data-testid="filter-chip-remove"][data-key="city"]').trigger('click')
    expect(filters.filter.city).toBe('')
    expect(filters.filter.browser).toBe('chrome')
    expect(query.mock.calls.at(-1)![0]).toMatchObject({ filter: { city: '', browser: 'chrome' }, offset: 0 })
    await nextTick()
    expect(wrapper.findAll('[data-testid="filter-chip"]').map((c) => c.attributes('data-key'))).toEqual(['browser', 'createdFrom'])

    await wrapper.get('[data-testid="filter-chips-clear-all"]').trigger('click')
    expect({ ...filters.filter }).toEqual({ ...emptyFilter(), connectionIds: [2] })
    await nextTick()
    expect(wrapper.find('[data-testid="filter-chips"]').exists()).toBe(false)
  })
})

describe('More filters panel', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
    query.mockReset()
    query.mockImplementation(fakeQuery(5) as never)
    vi.mocked(Sessions.Facets).mockReset().mockResolvedValue(facets as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    vi.useRealTimers()
  })

  it('text fields apply after 250 ms, trimmed', async () => {
    const filters = useFiltersStore()
    useSessionsStore()
    wrapper = mount(MoreFilters, { attachTo: document.body })
    await vi.advanceTimersByTimeAsync(0)
    await wrapper.get('input[data-testid="filter-city"]').setValue(' Berl')
    await wrapper.get('input[data-testid="filter-asn"]').setValue('AS15169')
    await wrapper.get('input[data-testid="filter-browser"]').setValue('chrome')
    await wrapper.get('input[data-testid="filter-platform"]').setValue('Win')
    await vi.advanceTimersByTimeAsync(249)
    expect(filters.filter.city).toBe('')
    await vi.advanceTimersByTimeAsync(1)
    expect(filters.filter).toMatchObject({ city: 'Berl', asn: 'AS15169', browser: 'chrome', platform: 'Win' })
    expect(query.mock.calls.at(-1)![0]).toMatchObject({ filter: { city: 'Berl', asn: 'AS15169', browser: 'chrome', platform: 'Win' } })
    // Cleared elsewhere (a chip): the field follows.
    filters.clear('city')
    await vi.advanceTimersByTimeAsync(0)
    expect((wrapper.get('input[data-testid="filter-city"]').element as HTMLInputElement).value).toBe('')
  })

  it('a value still waiting for its pause is applied when the panel closes', async () => {
    const filters = useFiltersStore()
    wrapper = mount(MoreFilters, { attachTo: document.body })
    await wrapper.get('input[data-testid="filter-city"]').setValue('Paris')
    wrapper.unmount()
    wrapper = undefined
    expect(filters.filter.city).toBe('Paris')
  })

  it('pickers offer the facets and set countries, login type, security level and device type', async () => {
    const filters = useFiltersStore()
    wrapper = mount(MoreFilters, { attachTo: document.body })
    await flushPromises()
    expect(Sessions.Facets).toHaveBeenCalled()
    const countries = selectByTestId(wrapper, 'filter-countries')
    expect((countries.props('options') as { value: string; label: string }[]).map((o) => [o.value, o.label])).toEqual([
      ['DE', 'Germany (DE)'],
      ['FR', 'France (FR)'],
    ])
    countries.vm.$emit('update:value', ['FR', 'DE'])
    expect(filters.filter.countries).toEqual(['FR', 'DE'])
    selectByTestId(wrapper, 'filter-login-type').vm.$emit('update:value', 'SAML')
    selectByTestId(wrapper, 'filter-security-level').vm.$emit('update:value', 'HIGH_ASSURANCE')
    selectByTestId(wrapper, 'filter-device-type').vm.$emit('update:value', 'Mobile')
    expect(filters.filter).toMatchObject({ loginType: 'SAML', securityLevel: 'HIGH_ASSURANCE', deviceType: 'Mobile' })
    selectByTestId(wrapper, 'filter-device-type').vm.$emit('update:value', null)
    expect(filters.filter.deviceType).toBe('')
    expect(panelCount(filters.filter)).toBe(3)
  })

  it('time ranges store RFC 3339 UTC; the switch sets "new only"; "Clear these" empties the panel', async () => {
    const filters = useFiltersStore()
    wrapper = mount(MoreFilters, { attachTo: document.body })
    await flushPromises()
    const pairs: [string, 'createdFrom' | 'createdTo' | 'activeFrom' | 'activeTo', string][] = [
      ['filter-created-from', 'createdFrom', '2026-11-01T08:00'],
      ['filter-created-to', 'createdTo', '2026-11-20T18:30'],
      ['filter-active-from', 'activeFrom', '2026-11-19T00:00'],
      ['filter-active-to', 'activeTo', '2026-11-21T23:59'],
    ]
    for (const [testid, key, local] of pairs) {
      const input = wrapper.get(`input[data-testid="${testid}"]`)
      await input.setValue(local)
      await input.trigger('change')
      expect(filters.filter[key]).toBe(localInputToRfc3339(local))
      expect(filters.filter[key]).toMatch(/Z$/)
    }
    await nextTick()
    expect((wrapper.get('input[data-testid="filter-created-from"]').element as HTMLInputElement).value).toBe('2026-11-01T08:00')

    const sw = wrapper.get('[data-testid="filter-new-only"]')
    expect(sw.attributes('data-checked')).toBe('false')
    await sw.trigger('click')
    expect(filters.filter.newOnly).toBe(true)
    expect(sw.attributes('data-checked')).toBe('true')

    // Emptying a time input clears that bound.
    const to = wrapper.get('input[data-testid="filter-created-to"]')
    await to.setValue('')
    await to.trigger('change')
    expect(filters.filter.createdTo).toBe('')

    filters.set('user', 'ann') // not a panel field: stays
    await wrapper.get('[data-testid="filters-panel-clear"]').trigger('click')
    expect(panelCount(filters.filter)).toBe(0)
    expect(filters.filter.user).toBe('ann')
  })
})

describe('saved views', () => {
  let wrapper: VueWrapper | undefined
  const $ = (sel: string) => document.querySelector<HTMLElement>(sel)
  beforeEach(() => {
    setActivePinia(createPinia())
    setNotifier(() => {})
    query.mockReset()
    query.mockImplementation(fakeQuery(5) as never)
    vi.mocked(Settings.Preference).mockReset().mockResolvedValue(
      JSON.stringify([{ name: 'Germany', filter: { countries: ['DE'] } }]) as never,
    )
    vi.mocked(Settings.SetPreference).mockReset().mockResolvedValue(undefined as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('loads on mount, applies, saves under a name and deletes', async () => {
    const filters = useFiltersStore()
    wrapper = mount(SavedViews, { attachTo: document.body })
    await flushPromises()
    expect(Settings.Preference).toHaveBeenCalledWith('views')
    expect(wrapper.get('[data-testid="views-menu"]').attributes('data-count')).toBe('1')
    await wrapper.get('[data-testid="views-menu"]').trigger('click')
    await flushPromises()
    $('[data-testid="view-item"][data-name="Germany"]')!.click()
    await flushPromises()
    expect(filters.filter.countries).toEqual(['DE'])

    await wrapper.get('[data-testid="views-menu"]').trigger('click')
    await flushPromises()
    expect($('[data-testid="view-item"][data-name="Germany"]')!.dataset.active).toBe('true')
    filters.set('city', 'Berlin')
    $('[data-testid="view-save"]')!.click()
    await flushPromises()
    const name = $('input[data-testid="view-name-input"]') as HTMLInputElement
    name.value = 'Berlin'
    name.dispatchEvent(new Event('input'))
    await flushPromises()
    $('[data-testid="view-save-confirm"]')!.click()
    await flushPromises()
    const saved = JSON.parse(vi.mocked(Settings.SetPreference).mock.calls.at(-1)![1])
    expect(vi.mocked(Settings.SetPreference).mock.calls.at(-1)![0]).toBe('views')
    expect(saved.map((v: { name: string }) => v.name)).toEqual(['Berlin', 'Germany'])
    expect(saved[0].filter).toMatchObject({ city: 'Berlin', countries: ['DE'] })
    // Saving closes the menu; reopened, it lists both.
    expect($('[data-testid="views-list"]')).toBeNull()
    await wrapper.get('[data-testid="views-menu"]').trigger('click')
    await flushPromises()
    expect(document.querySelectorAll('[data-testid="view-item"]').length).toBe(2)

    $('[data-testid="view-delete"][data-name="Germany"]')!.click()
    await flushPromises()
    expect(filters.views.map((v) => v.name)).toEqual(['Berlin'])
  })

  it('an empty name is refused inline', async () => {
    wrapper = mount(SavedViews, { attachTo: document.body })
    await flushPromises()
    await wrapper.get('[data-testid="views-menu"]').trigger('click')
    await flushPromises()
    $('[data-testid="view-save"]')!.click()
    await flushPromises()
    $('[data-testid="view-save-confirm"]')!.click()
    await flushPromises()
    expect($('[data-testid="view-save-error"]')!.textContent).toContain('name')
    expect(Settings.SetPreference).not.toHaveBeenCalled()
  })
})
