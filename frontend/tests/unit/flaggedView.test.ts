import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'

vi.mock('../../wailsjs/go/app/FlagsService', () => ({ Rules: vi.fn(), Flagged: vi.fn(), Counts: vi.fn() }))
vi.mock('../../wailsjs/go/app/ReviewService', () => ({ Open: vi.fn(), List: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn(), Facets: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn(() => () => {}), EventsOff: vi.fn() }))

import * as Flags from '../../wailsjs/go/app/FlagsService'
import * as Reviews from '../../wailsjs/go/app/ReviewService'
import * as Sessions from '../../wailsjs/go/app/SessionsService'
import FlaggedView from '../../src/components/flags/FlaggedView.vue'
import { useFiltersStore } from '../../src/stores/filters'
import { useSessionsStore } from '../../src/stores/sessions'
import { fakeLayout, fakeQuery, makeRow } from './support/fixtures'

const flagged = [
  { ...makeRow(10), flags: [{ rule: 'impossible_travel', severity: 'high', reason: 'Paris → Singapore, 10,740 km in 31 min ≈ 20,800 km/h', sessions: 2 }, { rule: 'new_device', severity: 'low', reason: 'new device', sessions: 1 }] },
  { ...makeRow(11), flags: [{ rule: 'too_old', severity: 'medium', reason: 'signed in 40 days ago (policy: at most 30d)', sessions: 1 }] },
]

describe('the Flagged view', () => {
  let wrapper: VueWrapper | undefined
  let restoreLayout: () => void
  beforeEach(() => {
    restoreLayout = fakeLayout()
    setActivePinia(createPinia())
    vi.mocked(Flags.Rules).mockResolvedValue([
      { rule: 'impossible_travel', label: 'Impossible travel', help: '', severity: 'high' },
      { rule: 'too_old', label: 'Session too old', help: '', severity: 'medium' },
    ] as never)
    vi.mocked(Flags.Flagged).mockResolvedValue({ rows: flagged, total: 2, offset: 0 } as never)
    vi.mocked(Reviews.Open).mockResolvedValue({ open: false, review: {} } as never)
    vi.mocked(Sessions.Query).mockImplementation(fakeQuery(5) as never)
    vi.mocked(Sessions.Detail).mockRejectedValue({ code: 'not_found', message: 'gone' })
  })
  afterEach(() => {
    restoreLayout()
    wrapper?.unmount()
    document.body.innerHTML = ''
    vi.clearAllMocks()
  })

  it('lists the flagged sessions with severity, rule labels and the reason, and follows the shared filter', async () => {
    wrapper = mount(FlaggedView, { attachTo: document.body })
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="flagged-row"]')
    expect(rows).toHaveLength(2)
    expect(rows[0].attributes('data-severity')).toBe('high')
    expect(rows[0].attributes('data-flag-rules')).toBe('impossible_travel new_device')
    expect(rows[0].get('[data-col="rules"]').text()).toBe('Impossible travel, new device')
    expect(rows[0].get('[data-col="reason"]').text()).toContain('≈ 20,800 km/h (+1 more)')
    expect(rows[1].get('[data-col="rules"]').text()).toBe('Session too old')

    useFiltersStore().setFlagChoice('severity:medium')
    await nextTick()
    await flushPromises()
    expect(vi.mocked(Flags.Flagged).mock.calls.at(-1)![0]).toMatchObject({ filter: { flagSeverity: 'medium' }, offset: 0 })
  })

  it('a click selects the session for the detail pane', async () => {
    wrapper = mount(FlaggedView, { attachTo: document.body })
    await flushPromises()
    await wrapper.findAll('[data-testid="flagged-row"]')[1].trigger('click')
    expect(useSessionsStore().selectedKey).toBe('1:S11')
    expect(wrapper.findAll('[data-testid="flagged-row"]')[1].classes()).toContain('selected')
  })
})
