import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'

vi.mock('../../wailsjs/go/app/SessionsService', () => ({
  Query: vi.fn(),
  Users: vi.fn(),
  Detail: vi.fn(),
  SessionTypes: vi.fn(),
}))
vi.mock('../../wailsjs/go/app/MapService', () => ({ Map: vi.fn(), PlaceUsers: vi.fn(), Travel: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn(), EventsOff: vi.fn() }))

import * as Sessions from '../../wailsjs/go/app/SessionsService'
import * as MapService from '../../wailsjs/go/app/MapService'
import type { MapPlace, MapQuery, TravelView } from '../../src/api/types'
import SessionMap from '../../src/components/map/SessionMap.vue'
import ViewSwitch from '../../src/components/layout/ViewSwitch.vue'
import { IDENTITY } from '../../src/lib/map/geo'
import { MapRenderer } from '../../src/lib/map/renderer'
import { useFiltersStore } from '../../src/stores/filters'
import { useSessionsStore } from '../../src/stores/sessions'
import { useViewStore } from '../../src/stores/view'
import { fakeLayout, fakeQuery, flush } from './support/fixtures'

const mapCall = vi.mocked(MapService.Map)
const placeUsersCall = vi.mocked(MapService.PlaceUsers)
const travelCall = vi.mocked(MapService.Travel)
const query = vi.mocked(Sessions.Query)

const CITIES: Array<[string, string, string, number, number]> = [
  ['fr paris', 'Paris', 'FR', 48.86, 2.35],
  ['us new york', 'New York', 'US', 40.71, -74.0],
  ['jp tokyo', 'Tokyo', 'JP', 35.69, 139.69],
  ['br sao paulo', 'São Paulo', 'BR', -23.55, -46.63],
  ['au sydney', 'Sydney', 'AU', -33.87, 151.21],
  ['fr versailles', 'Versailles', 'FR', 48.8, 2.13], // next to Paris: merged at world scale
]

function places(): MapPlace[] {
  const out: MapPlace[] = CITIES.map(([place, city, cc, lat, lon], i) => ({
    place,
    city,
    subdivision: '',
    country: cc,
    countryCode: cc,
    latitude: lat,
    longitude: lon,
    sessions: 1000 - i * 100,
    users: 10 - i,
  }))
  // Small places spread over Africa, to have more than the list shows.
  for (let i = 0; i < 24; i++) {
    out.push({ place: `xx p${i}`, city: `P${i}`, subdivision: '', country: 'X', countryCode: 'XX', latitude: -30 + i * 2.5, longitude: 15 + (i % 5) * 6, sessions: 20 - (i % 10), users: 1 })
  }
  return out
}

function fakeMap(q: MapQuery) {
  const all = places()
  const shown = q.filter.place ? all.filter((p) => p.place === q.filter.place) : all
  return Promise.resolve({ places: shown, total: q.filter.place ? shown.length : 7000, located: shown.reduce((n, p) => n + p.sessions, 0), unlocated: 12 })
}

const travel: TravelView = {
  username: 'ann@example.com',
  stops: [
    { connection: 'Org 1', displayId: 'S…1', place: 'fr paris', city: 'Paris', country: 'France', latitude: 48.86, longitude: 2.35, at: '2026-11-20T10:00:00Z', sourceIp: '192.0.2.1' },
    { connection: 'Org 1', displayId: 'S…2', place: 'us new york', city: 'New York', country: 'United States', latitude: 40.71, longitude: -74, at: '2026-11-20T11:12:00Z', sourceIp: '198.51.100.7' },
    { connection: 'Org 1', displayId: 'S…3', place: 'us boston', city: 'Boston', country: 'United States', latitude: 42.36, longitude: -71.06, at: '2026-11-20T16:00:00Z', sourceIp: '198.51.100.9' },
  ],
  legs: [
    { from: 0, to: 1, km: 5837.2, hours: 1.2, kmh: 4864.3, impossible: true },
    { from: 1, to: 2, km: 306.4, hours: 4.8, kmh: 63.8, impossible: false },
  ],
  unlocated: 1,
}

async function settle(times = 4) {
  for (let i = 0; i < times; i++) {
    await flush()
    await nextTick()
  }
  await new Promise((r) => setTimeout(r, 40)) // one animation frame
  await nextTick()
}

describe('SessionMap', () => {
  let restoreLayout: () => void
  let wrapper: VueWrapper | undefined

  beforeEach(() => {
    restoreLayout = fakeLayout(600, 1200)
    // jsdom has no 2D canvas: the map must cope with getContext returning null.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
    setActivePinia(createPinia())
    mapCall.mockReset()
    mapCall.mockImplementation(fakeMap as never)
    placeUsersCall.mockReset()
    placeUsersCall.mockResolvedValue([{ username: 'ann@example.com', name: 'Ann', sessions: 7 }] as never)
    travelCall.mockReset()
    travelCall.mockResolvedValue(travel as never)
    query.mockReset()
    query.mockImplementation(fakeQuery(3) as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    restoreLayout()
  })

  async function mountMap() {
    wrapper = mount(SessionMap, { attachTo: document.body })
    await settle()
    return wrapper
  }

  /** Where a place is drawn on the (1200×600) canvas at the initial view. */
  function screenOf(lat: number, lon: number): [number, number] {
    const r = new MapRenderer(null)
    r.resize(1200, 600, 1)
    return r.project(lon, lat, IDENTITY)!
  }

  it('counts as loading from the first render until the answer', async () => {
    wrapper = mount(SessionMap, { attachTo: document.body })
    expect(wrapper.get('[data-testid="session-map"]').attributes('data-loading')).toBe('true')
    await settle()
    expect(wrapper.get('[data-testid="session-map"]').attributes('data-loading')).toBe('false')
  })

  it('loads the places of the shared filter and tells what it shows', async () => {
    const w = await mountMap()
    expect(mapCall).toHaveBeenCalledTimes(1)
    expect(mapCall.mock.calls[0][0]).toMatchObject({ limit: 5000, filter: { place: '' } })
    const root = w.get('[data-testid="session-map"]')
    expect(root.attributes('data-places')).toBe('30')
    expect(root.attributes('data-loading')).toBe('false')
    expect(Number(root.attributes('data-located'))).toBeGreaterThan(0)
    const status = w.get('[data-testid="map-status"]').text()
    expect(status).toMatch(/30 places/)
    expect(status).toMatch(/sessions located/)
    expect(status).toMatch(/12 without location \(private networks or unknown\)/)
    expect(status).toMatch(/showing the largest 30 of 7,?000 places/)
    expect(w.find('[data-testid="map-empty"]').exists()).toBe(false)
  })

  it('lists the top 20 places; clicking one sets the place filter and the map follows', async () => {
    const w = await mountMap()
    const items = w.findAll('[data-testid="map-place"]')
    expect(items).toHaveLength(20)
    expect(items[0].attributes('data-place')).toBe('fr paris')
    expect(items[0].attributes('data-sessions')).toBe('1000')
    await items[1].trigger('click')
    await settle()
    expect(useFiltersStore().filter.place).toBe('us new york')
    expect(mapCall).toHaveBeenCalledTimes(2)
    expect(mapCall.mock.calls[1][0].filter.place).toBe('us new york')
    expect(w.get('[data-testid="session-map"]').attributes('data-places')).toBe('1')
    expect(w.find('[data-testid="map-cut"]').exists()).toBe(false)
    expect(w.get('[data-testid="map-place"]').attributes('aria-pressed')).toBe('true')
  })

  it('clicking a place on the canvas filters by it; clicking a cluster zooms into it', async () => {
    const w = await mountMap()
    const canvas = w.get('[data-testid="map-canvas"]')
    expect(Number(canvas.attributes('data-drawn'))).toBeGreaterThan(5)
    const [tx, ty] = screenOf(35.69, 139.69) // Tokyo, on its own
    await canvas.trigger('click', { clientX: tx, clientY: ty, detail: 1 })
    expect(useFiltersStore().filter.place).toBe('jp tokyo')

    useFiltersStore().clear('place')
    await settle()
    const [px, py] = screenOf(48.86, 2.35) // Paris + Versailles
    await canvas.trigger('click', { clientX: px, clientY: py, detail: 1 })
    await settle()
    expect(useFiltersStore().filter.place).toBe('')
    expect(Number(canvas.attributes('data-zoom'))).toBeGreaterThan(1)
  })

  it('zooms with the buttons and the keyboard, within 1×–64×, and Escape clears the place', async () => {
    const w = await mountMap()
    const canvas = w.get('[data-testid="map-canvas"]')
    expect(canvas.attributes('data-zoom')).toBe('1')
    expect(w.get('[data-testid="map-zoom-out"]').attributes('disabled')).toBeDefined()
    await w.get('[data-testid="map-zoom-in"]').trigger('click')
    expect(canvas.attributes('data-zoom')).toBe('2')
    await canvas.trigger('keydown', { key: '+' })
    expect(canvas.attributes('data-zoom')).toBe('4')
    await canvas.trigger('keydown', { key: 'ArrowLeft' })
    await canvas.trigger('keydown', { key: '-' })
    expect(canvas.attributes('data-zoom')).toBe('2')
    for (let i = 0; i < 10; i++) await w.get('[data-testid="map-zoom-in"]').trigger('click')
    expect(canvas.attributes('data-zoom')).toBe('64')
    expect(w.get('[data-testid="map-zoom-in"]').attributes('disabled')).toBeDefined()
    await w.get('[data-testid="map-reset"]').trigger('click')
    expect(canvas.attributes('data-zoom')).toBe('1')

    useFiltersStore().set('place', 'fr paris')
    await settle()
    await canvas.trigger('keydown', { key: 'Escape' })
    expect(useFiltersStore().filter.place).toBe('')
  })

  it('hovering a place shows a tooltip with its top users', async () => {
    const w = await mountMap()
    const canvas = w.get('[data-testid="map-canvas"]')
    const [x, y] = screenOf(40.71, -74)
    await canvas.trigger('pointermove', { clientX: x, clientY: y, pointerId: 1 })
    const tip = w.get('[data-testid="map-tooltip"]')
    expect(tip.text()).toContain('New York')
    expect(tip.text()).toMatch(/900\s*sessions/)
    await new Promise((r) => setTimeout(r, 220)) // debounced fetch
    await flush()
    expect(placeUsersCall).toHaveBeenCalledTimes(1)
    expect(placeUsersCall.mock.calls[0][1]).toBe('us new york')
    expect(w.findAll('[data-testid="map-tooltip-user"]')).toHaveLength(1)
    expect(w.get('[data-testid="map-tooltip"]').text()).toContain('Ann')
    // Over a cluster: its places and the total.
    const [px, py] = screenOf(48.86, 2.35)
    await canvas.trigger('pointermove', { clientX: px, clientY: py, pointerId: 1 })
    expect(w.get('[data-testid="map-tooltip"]').text()).toMatch(/2 places/)
    expect(w.get('[data-testid="map-tooltip"]').text()).toContain('Versailles')
    await canvas.trigger('pointermove', { clientX: 3, clientY: 3, pointerId: 1 })
    expect(w.find('[data-testid="map-tooltip"]').exists()).toBe(false)
  })

  it("shows the chosen user's travel as a list of legs", async () => {
    const sessions = useSessionsStore()
    useFiltersStore().set('connectionIds', [1])
    sessions.setUsername('ann@example.com')
    const w = await mountMap()
    expect(travelCall).toHaveBeenCalledWith('ann@example.com', [1])
    const panel = w.get('[data-testid="travel-panel"]')
    expect(panel.attributes('data-username')).toBe('ann@example.com')
    const legs = w.findAll('[data-testid="travel-leg"]')
    expect(legs).toHaveLength(2)
    expect(legs[0].attributes()).toMatchObject({ 'data-impossible': 'true', 'data-km': '5837', 'data-kmh': '4864' })
    expect(legs[1].attributes()).toMatchObject({ 'data-impossible': 'false', 'data-km': '306', 'data-kmh': '64' })
    expect(legs[0].text()).toMatch(/1 → 2\s*Paris → New York\s*5.837 km in 1.2 h = 4.864 km\/h/)
    expect(legs[0].text()).toContain('impossible')
    expect(legs[1].text()).not.toContain('impossible')
    // Focusing a leg zooms the map onto it.
    await legs[0].get('button').trigger('click')
    expect(Number(w.get('[data-testid="map-canvas"]').attributes('data-zoom'))).toBeGreaterThan(1)
    // Another user: the old path goes at once.
    travelCall.mockResolvedValueOnce({ username: 'bob', stops: [], legs: [], unlocated: 2 } as never)
    sessions.setUsername('bob')
    await settle()
    expect(w.findAll('[data-testid="travel-leg"]')).toHaveLength(0)
    expect(w.get('[data-testid="travel-panel"]').text()).toContain('No located logins')
    sessions.setUsername('')
    await settle()
    expect(w.find('[data-testid="travel-panel"]').exists()).toBe(false)
  })

  it('says so when nothing is located', async () => {
    mapCall.mockImplementation((() => Promise.resolve({ places: [], total: 0, located: 0, unlocated: 40 })) as never)
    const w = await mountMap()
    expect(w.get('[data-testid="session-map"]').attributes('data-places')).toBe('0')
    expect(w.get('[data-testid="map-empty"]').text()).toMatch(/40 sessions match the filter but have no location/)
  })

  it('shows a failure with a retry', async () => {
    mapCall.mockRejectedValueOnce({ code: 'db', message: 'database is locked' })
    const w = await mountMap()
    expect(w.get('[data-testid="map-error"]').text()).toContain('database is locked')
    await w.get('[data-testid="map-error"] button').trigger('click')
    await settle()
    expect(w.find('[data-testid="map-error"]').exists()).toBe(false)
    expect(w.get('[data-testid="session-map"]').attributes('data-places')).toBe('30')
  })
})

describe('ViewSwitch', () => {
  it('offers the Map view', async () => {
    setActivePinia(createPinia())
    const w = mount(ViewSwitch)
    const tab = w.get('[data-testid="view-map"]')
    expect(tab.text()).toBe('Map')
    await tab.trigger('click')
    expect(useViewStore().current).toBe('map')
    expect(tab.attributes('data-active')).toBe('true')
    w.unmount()
  })
})
