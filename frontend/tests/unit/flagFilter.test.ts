import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'

vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn(), Facets: vi.fn() }))
vi.mock('../../wailsjs/go/app/SettingsService', () => ({ Preference: vi.fn(), SetPreference: vi.fn() }))

import * as Sessions from '../../wailsjs/go/app/SessionsService'
import FilterChips from '../../src/components/filters/FilterChips.vue'
import { emptyFilter } from '../../src/api/types'
import { copyFilter, useFiltersStore } from '../../src/stores/filters'
import { useSessionsStore } from '../../src/stores/sessions'
import { flagChoice, flagFields } from '../../src/lib/flagFilter'
import { fakeQuery } from './support/fixtures'

const query = vi.mocked(Sessions.Query)

describe('the flag choice', () => {
  it('maps each choice to one filter field and back; anything else clears the flag filter', () => {
    expect(flagFields('any')).toEqual({ flagged: true, flagRule: '', flagSeverity: '' })
    expect(flagFields('rule:impossible_travel')).toEqual({ flagged: false, flagRule: 'impossible_travel', flagSeverity: '' })
    expect(flagFields('severity:high')).toEqual({ flagged: false, flagRule: '', flagSeverity: 'high' })
    for (const junk of ['', 'rule:', 'severity:', 'nonsense']) expect(flagFields(junk)).toEqual({ flagged: false, flagRule: '', flagSeverity: '' })
    for (const c of ['', 'any', 'rule:too_old', 'severity:low']) expect(flagChoice(flagFields(c))).toBe(c)
  })
})

describe('the flag filter in the shared filter', () => {
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

  it('sends the rule to the table query, shows a chip, and a new choice replaces the old', async () => {
    const filters = useFiltersStore()
    useSessionsStore()
    wrapper = mount(FilterChips)
    query.mockClear()
    filters.setFlagChoice('rule:impossible_travel')
    await nextTick()
    expect(query.mock.calls.at(-1)![0]).toMatchObject({ filter: { flagRule: 'impossible_travel', flagged: false, flagSeverity: '' }, offset: 0 })
    await nextTick()
    const chip = wrapper.get('[data-testid="filter-chip"][data-key="flagRule"]')
    expect(chip.text()).toContain('impossible travel')
    expect(filters.active).toBe(true)

    filters.setFlagChoice('severity:high')
    await nextTick()
    expect(filters.filter).toMatchObject({ flagRule: '', flagSeverity: 'high', flagged: false })
    expect(wrapper.findAll('[data-testid="filter-chip"]').map((c) => c.attributes('data-key'))).toEqual(['flagSeverity'])
    expect(query.mock.calls.at(-1)![0].filter.flagSeverity).toBe('high')
  })

  it('the same choice twice queries once; the chip × and "Clear all" remove it', async () => {
    const filters = useFiltersStore()
    useSessionsStore()
    wrapper = mount(FilterChips)
    filters.setFlagChoice('any')
    const gen = filters.generation
    filters.setFlagChoice('any')
    expect(filters.generation).toBe(gen)
    await nextTick()
    await wrapper.get('[data-testid="filter-chip-remove"][data-key="flagged"]').trigger('click')
    expect(filters.filter.flagged).toBe(false)
    expect(filters.active).toBe(false)

    filters.patch({ flagRule: 'too_old', connectionIds: [4] })
    await nextTick()
    await wrapper.get('[data-testid="filter-chips-clear-all"]').trigger('click')
    expect({ ...filters.filter }).toEqual({ ...emptyFilter(), connectionIds: [4] })
  })

  it('a saved view from before flags existed gets an empty flag filter', () => {
    const old = { user: 'ana', countries: ['DE'] } as Record<string, unknown>
    const f = copyFilter(old)
    expect(f).toMatchObject({ user: 'ana', flagged: false, flagRule: '', flagSeverity: '' })
    const bad = copyFilter({ flagged: 'yes', flagRule: 7 } as never)
    expect(bad).toMatchObject({ flagged: false, flagRule: '' })
  })
})
