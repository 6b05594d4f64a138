import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/BundleService', () => ({
  Opened: vi.fn(),
  TrustOpened: vi.fn(),
  OpenWindow: vi.fn(),
  PickBundle: vi.fn(),
}))
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn(() => () => {}), EventsOff: vi.fn() }))

import * as Bundles from '../../wailsjs/go/app/BundleService'
import BundleBanner from '../../src/components/bundle/BundleBanner.vue'
import OpenBundleDialog from '../../src/components/bundle/OpenBundleDialog.vue'
import { useBundleStore } from '../../src/stores/bundle'

const $ = (sel: string) => document.querySelector<HTMLElement>(sel)
const fp = '3f2a 9c01 77aa 0b1c 2d3e 4f50 6172 8394'
const bundle = (over: Record<string, unknown> = {}) => ({
  file: '/data/week49.ssbundle',
  fingerprint: fp,
  trust: 'unknown',
  trustedAs: '',
  createdAt: '2026-12-01T10:00:00Z',
  createdBy: 'dana@host',
  kind: 'review',
  review: { id: 3, title: 'Week 49', closedAt: '', closedBy: '' },
  sessions: 120,
  allSessions: 230,
  connections: [{ name: 'Acme', kind: 'salesforce', snapshots: 2, sessions: 120 }],
  integrity: 'intact',
  ...over,
})
// How Wails rejects: new Error(the formatter's JSON text).
const rejection = (code: string, message: string) => new Error(JSON.stringify({ code, message }))

describe('offline review in the window', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    wrapper?.unmount()
    document.body.innerHTML = ''
    vi.clearAllMocks()
  })

  it('a data folder shows no banner and nothing is read-only', async () => {
    vi.mocked(Bundles.Opened).mockResolvedValue({ open: false, bundle: {} } as never)
    wrapper = mount(BundleBanner, { attachTo: document.body })
    await useBundleStore().load()
    await flushPromises()
    expect($('[data-testid="bundle-banner"]')).toBeNull()
    expect(useBundleStore().readOnly).toBe(false)
  })

  it('a bundle shows its signer and what it holds; trusting it names the key', async () => {
    vi.mocked(Bundles.Opened).mockResolvedValue({ open: true, bundle: bundle() } as never)
    vi.mocked(Bundles.TrustOpened).mockResolvedValue({ open: true, bundle: bundle({ trust: 'trusted', trustedAs: 'Acme security' }) } as never)
    wrapper = mount(BundleBanner, { attachTo: document.body })
    const store = useBundleStore()
    await store.load()
    await flushPromises()
    expect(store.readOnly).toBe(true)
    expect(store.readOnlyReason).toMatch(/read-only/)
    expect($('[data-testid="bundle-banner-fingerprint"]')?.textContent).toBe(fp)
    expect($('[data-testid="bundle-banner"]')?.dataset.trust).toBe('unknown')
    expect($('[data-testid="bundle-banner-holds"]')?.textContent).toMatch(/Week 49.*120 current sessions/s)

    await wrapper.find('[data-testid="bundle-trust"]').trigger('click')
    await wrapper.find('[data-testid="bundle-trust-name"] input').setValue('Acme security')
    await wrapper.find('[data-testid="bundle-trust-confirm"]').trigger('click')
    await flushPromises()
    expect(Bundles.TrustOpened).toHaveBeenCalledWith('Acme security')
    expect($('[data-testid="bundle-banner"]')?.dataset.trust).toBe('trusted')
    expect($('[data-testid="bundle-banner-trust"]')?.textContent).toMatch(/Acme security/)
  })

  it('a refused trust keeps the banner as it was and says why', async () => {
    vi.mocked(Bundles.Opened).mockResolvedValue({ open: true, bundle: bundle() } as never)
    vi.mocked(Bundles.TrustOpened).mockRejectedValue(rejection('bad_request', 'say whose key it is'))
    wrapper = mount(BundleBanner, { attachTo: document.body })
    await useBundleStore().load()
    await flushPromises()
    await wrapper.find('[data-testid="bundle-trust"]').trigger('click')
    await wrapper.find('[data-testid="bundle-trust-name"] input').setValue('x')
    await wrapper.find('[data-testid="bundle-trust-confirm"]').trigger('click')
    await flushPromises()
    expect($('[data-testid="bundle-trust-error"]')?.textContent).toContain('say whose key it is')
    expect($('[data-testid="bundle-banner"]')?.dataset.trust).toBe('unknown')
  })

  it('File ▸ Open refuses a changed bundle, says what failed and opens nothing', async () => {
    vi.mocked(Bundles.OpenWindow).mockRejectedValue(
      rejection('tampered', 'week49.ssbundle was changed after it was signed: table session no longer matches the signed digest'),
    )
    wrapper = mount(OpenBundleDialog, { attachTo: document.body })
    useBundleStore().show('open')
    await flushPromises()
    const input = document.querySelector<HTMLInputElement>('[data-testid="open-bundle-file"] input')!
    input.value = '/data/week49.ssbundle'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    $('[data-testid="open-bundle-run"]')!.click()
    await flushPromises()
    expect(Bundles.OpenWindow).toHaveBeenCalledWith('/data/week49.ssbundle')
    const refused = $('[data-testid="open-bundle-refused"]')
    expect(refused?.dataset.code).toBe('tampered')
    expect(refused?.textContent).toMatch(/Changed after it was signed.*no longer matches the signed digest.*nothing of it was opened/s)
    expect($('[data-testid="open-bundle-done"]')).toBeNull()
  })
})
