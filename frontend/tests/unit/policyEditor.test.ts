import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/FlagsService', () => ({
  Policy: vi.fn(),
  PreviewPolicy: vi.fn(),
  SetPolicy: vi.fn(),
  Rules: vi.fn(),
  Counts: vi.fn(),
  Flagged: vi.fn(),
}))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn(), Facets: vi.fn() }))

import * as Flags from '../../wailsjs/go/app/FlagsService'
import * as Sessions from '../../wailsjs/go/app/SessionsService'
import PolicyEditor from '../../src/components/flags/PolicyEditor.vue'
import { setNotifier } from '../../src/composables/notify'
import { changesOf, draftOf, placeErrors } from '../../src/lib/policyForm'
import type { PolicyView } from '../../src/api/types'
import { fakeQuery } from './support/fixtures'

const policy: PolicyView = {
  connectionId: 3,
  connection: 'Acme',
  fields: [
    { name: 'approved_networks', label: 'Approved IP ranges', help: 'CIDR ranges', value: '', source: 'default', default: '', server: '', override: '' },
    { name: 'max_idle', label: 'Maximum idle time', help: 'How long', value: '2h', source: 'server', default: '24h', server: '2h', override: '' },
    { name: 'max_sessions', label: 'Most sessions per user', help: 'At once', value: '5', source: 'override', default: '3', server: '', override: '5' },
  ],
  server: [{ name: 'ssoSessionIdleTimeout', value: '7200' }],
  serverReadAt: '2026-11-20T10:00:00Z',
  updatedAt: '',
  updatedBy: '',
}
const emptyCount = { connectionId: 3, connection: 'Acme', computed: true, computedAt: '', sessions: 40, flagged: 4, high: 1, medium: 2, low: 1, rules: [] }

describe('policy form helpers', () => {
  it('sends only the changed fields, trimmed, and "" to clear an override', () => {
    const d = draftOf(policy)
    expect(changesOf(policy, d)).toEqual({})
    d.approved_networks = ' 10.0.0.0/8 '
    d.max_sessions = ''
    expect(changesOf(policy, d)).toEqual({ approved_networks: '10.0.0.0/8', max_sessions: '' })
  })
  it('places errors on known fields and keeps the rest general', () => {
    const p = placeErrors([{ field: 'max_idle', msg: 'not a duration' }, { field: '', msg: 'no setting given' }, { field: 'nope', msg: 'no such setting' }], policy.fields)
    expect(p.fields).toEqual({ max_idle: 'not a duration' })
    expect(p.general).toEqual(['no setting given', 'nope: no such setting'])
  })
})

describe('PolicyEditor', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => {
    setActivePinia(createPinia())
    setNotifier(() => {})
    vi.mocked(Sessions.Query).mockImplementation(fakeQuery(3) as never)
    vi.mocked(Flags.Policy).mockResolvedValue(policy as never)
    vi.mocked(Flags.Counts).mockResolvedValue([] as never)
    vi.mocked(Flags.Flagged).mockResolvedValue({ rows: [], total: 0, offset: 0 } as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  async function mountEditor(): Promise<VueWrapper> {
    wrapper = mount(PolicyEditor, { props: { connectionId: 3 }, attachTo: document.body })
    await flushPromises()
    return wrapper
  }

  it("shows each field with what it falls back to: the server's setting, else the default", async () => {
    const w = await mountEditor()
    expect(Flags.Policy).toHaveBeenCalledWith(3)
    const inherited = w.findAll('[data-testid="policy-inherited"]').map((e) => e.text())
    expect(inherited).toEqual(['Default: none', "Server's setting: 2h", 'Default: 3'])
    expect((w.get('[data-testid="policy-input-max_sessions"]').element as HTMLInputElement).value).toBe('5')
    expect(w.get('[data-testid="policy-server"]').text()).toContain('ssoSessionIdleTimeout=7200')
  })

  it('puts a refused CIDR on its field, not on the others, and clears it when the field is edited', async () => {
    vi.mocked(Flags.PreviewPolicy).mockResolvedValue({
      fieldErrors: [{ field: 'approved_networks', msg: '"10.0.0.0/33" is not a CIDR range' }],
      current: emptyCount,
      proposed: { sessions: 0, flags: 0, flagged: 0, high: 0, medium: 0, low: 0, rules: [] },
    } as never)
    const w = await mountEditor()
    await w.get('[data-testid="policy-input-approved_networks"]').setValue('10.0.0.0/33')
    await w.get('[data-testid="policy-preview-button"]').trigger('click')
    await flushPromises()
    expect(Flags.PreviewPolicy).toHaveBeenCalledWith({ connectionId: 3, changes: { approved_networks: '10.0.0.0/33' } })
    const errors = w.findAll('[data-testid="policy-field-error"]')
    expect(errors).toHaveLength(1)
    expect(errors[0].attributes('data-field')).toBe('approved_networks')
    expect(errors[0].text()).toContain('is not a CIDR range')
    expect(w.find('[data-testid="policy-preview"]').exists()).toBe(false)

    await w.get('[data-testid="policy-input-approved_networks"]').setValue('10.0.0.0/8')
    expect(w.find('[data-testid="policy-field-error"]').exists()).toBe(false)
  })

  it('previews how many sessions a valid change would flag; Save with a refused field saves nothing', async () => {
    vi.mocked(Flags.PreviewPolicy).mockResolvedValue({
      fieldErrors: [],
      current: emptyCount,
      proposed: { sessions: 40, flags: 12, flagged: 9, high: 3, medium: 4, low: 2, rules: [] },
    } as never)
    vi.mocked(Flags.SetPolicy).mockResolvedValue({
      fieldErrors: [{ field: 'max_idle', msg: '"soon" is not a duration' }],
      policy: { fields: [], server: [] },
      flags: { rules: [] },
    } as never)
    const w = await mountEditor()
    await w.get('[data-testid="policy-input-max_sessions"]').setValue('1')
    await w.get('[data-testid="policy-preview-button"]').trigger('click')
    await flushPromises()
    const preview = w.get('[data-testid="policy-preview"]')
    expect(preview.attributes('data-current')).toBe('4')
    expect(preview.attributes('data-proposed')).toBe('9')
    expect(preview.text()).toContain('3 high, 4 medium')

    await w.get('[data-testid="policy-input-max_idle"]').setValue('soon')
    // The preview was of another draft: it is not shown for this one.
    expect(w.find('[data-testid="policy-preview"]').exists()).toBe(false)
    await w.get('[data-testid="policy-save"]').trigger('click')
    await flushPromises()
    expect(Flags.SetPolicy).toHaveBeenCalledWith({ connectionId: 3, changes: { max_sessions: '1', max_idle: 'soon' } })
    expect(w.get('[data-testid="policy-field-error"]').attributes('data-field')).toBe('max_idle')
    // The draft is kept for fixing, not reset to the stored policy.
    expect((w.get('[data-testid="policy-input-max_idle"]').element as HTMLInputElement).value).toBe('soon')
  })
})
