import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/SettingsService', () => ({
  About: vi.fn(),
  Geo: vi.fn(),
  SetGeoDatabases: vi.fn(),
  PickDatabase: vi.fn(),
  Theme: vi.fn(),
  SetTheme: vi.fn(),
}))
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn(() => () => {}), EventsOff: vi.fn() }))

import * as Settings from '../../wailsjs/go/app/SettingsService'
import SettingsDrawer from '../../src/components/settings/SettingsDrawer.vue'
import { setNotifier } from '../../src/composables/notify'

const $ = (sel: string) => document.querySelector<HTMLElement>(sel)
const m = <T extends (...a: never[]) => unknown>(f: T) => vi.mocked(f)

const dbip = 'IP geolocation by DB-IP (https://db-ip.com), CC BY 4.0'

describe('SettingsDrawer', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => {
    setActivePinia(createPinia())
    setNotifier(() => {})
    m(Settings.About).mockResolvedValue({ version: '1.2.3', home: '/data', keyring: 'Secret Service', attributions: [dbip], geoData: [] } as never)
    m(Settings.Geo).mockResolvedValue({ cityDb: '', asnDb: '', inUse: ['dbip-v4: DBIP-City-Lite built 2026-06-05'], attributions: [dbip] } as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    document.body.innerHTML = ''
    vi.clearAllMocks()
  })

  async function open() {
    wrapper = mount(SettingsDrawer, { props: { show: true }, attachTo: document.body })
    await wrapper.setProps({ show: false })
    await wrapper.setProps({ show: true })
    await flushPromises()
  }

  it('shows the data in use and the DB-IP credit the licence asks for', async () => {
    await open()
    expect($('[data-testid="geo-in-use"]')!.textContent).toContain('DBIP-City-Lite built 2026-06-05')
    expect($('[data-testid="about-attributions"]')!.textContent).toContain(dbip)
    expect($('[data-testid="about-version"]')!.textContent).toBe('1.2.3')
  })

  it('a database that does not open is refused with the reason, and a good one is saved', async () => {
    await open()
    m(Settings.SetGeoDatabases).mockRejectedValueOnce({ code: 'internal', message: 'the database was not changed: not a MaxMind DB' })
    const input = $('[data-testid="geo-city-db"]') as HTMLInputElement
    input.value = '/tmp/junk.mmdb'
    input.dispatchEvent(new Event('input'))
    $('[data-testid="geo-save"]')!.click()
    await flushPromises()
    expect(m(Settings.SetGeoDatabases)).toHaveBeenCalledWith('/tmp/junk.mmdb', '')
    expect($('[data-testid="settings-error"]')!.textContent).toContain('not changed')

    m(Settings.SetGeoDatabases).mockResolvedValueOnce({ cityDb: '/db/City.mmdb', asnDb: '', inUse: ['city: GeoIP2-City built 2026-11-01'], attributions: [] } as never)
    input.value = '/db/City.mmdb'
    input.dispatchEvent(new Event('input'))
    $('[data-testid="geo-save"]')!.click()
    await flushPromises()
    expect($('[data-testid="settings-error"]')).toBeNull()
    expect($('[data-testid="geo-in-use"]')!.textContent).toContain('GeoIP2-City')
  })
})
