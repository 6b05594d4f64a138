import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

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
import type { MapPlace, MapView, TravelView } from '../../src/api/types'
import { MAP_PLACE_LIMIT, useMapStore } from '../../src/stores/map'
import { useFiltersStore } from '../../src/stores/filters'
import { useRefreshStore } from '../../src/stores/refresh'
import { flush } from './support/fixtures'

const mapCall = vi.mocked(MapService.Map)
const placeUsersCall = vi.mocked(MapService.PlaceUsers)
const travelCall = vi.mocked(MapService.Travel)
const query = vi.mocked(Sessions.Query)

function place(key: string, sessions: number, lat = 48.86, lon = 2.35): MapPlace {
  return { place: key, city: key, subdivision: '', country: 'France', countryCode: 'FR', latitude: lat, longitude: lon, sessions, users: 1 }
}

function view(places: MapPlace[], extra: Partial<MapView> = {}): MapView {
  return { places, total: places.length, located: places.reduce((n, p) => n + p.sessions, 0), unlocated: 3, ...extra }
}

/** A promise the test resolves when it wants. */
function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('map store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    mapCall.mockReset()
    placeUsersCall.mockReset()
    travelCall.mockReset()
    query.mockReset()
    query.mockResolvedValue({ rows: [], total: 0, offset: 0 } as never)
  })

  it('loads the aggregate for the shared filter when the view opens', async () => {
    mapCall.mockResolvedValue(view([place('fr lyon', 5), place('fr paris', 40)], { total: 9000 }) as never)
    const filters = useFiltersStore()
    filters.set('connectionIds', [2])
    const map = useMapStore()
    expect(mapCall).not.toHaveBeenCalled() // hidden: nothing fetched
    map.activate()
    expect(map.loading).toBe(true)
    await flush()
    expect(mapCall).toHaveBeenCalledTimes(1)
    const q = mapCall.mock.calls[0][0]
    expect(q.limit).toBe(MAP_PLACE_LIMIT)
    expect(q.filter.connectionIds).toEqual([2])
    expect(map.loading).toBe(false)
    expect(map.loaded).toBe(true)
    expect(map.places.map((p) => p.place)).toEqual(['fr paris', 'fr lyon']) // largest first
    expect(map.total).toBe(9000)
    expect(map.located).toBe(45)
    expect(map.unlocated).toBe(3)
  })

  it('drops places without usable coordinates', async () => {
    mapCall.mockResolvedValue(view([place('a', 5), place('b', 4, NaN, 2), place('c', 3, 95, 0), place('d', 2, 10, 200)]) as never)
    const map = useMapStore()
    map.activate()
    await flush()
    expect(map.places.map((p) => p.place)).toEqual(['a'])
  })

  it('fetches again whenever the shared filter changes while shown', async () => {
    mapCall.mockResolvedValue(view([place('fr paris', 40)]) as never)
    const filters = useFiltersStore()
    const map = useMapStore()
    map.activate()
    await flush()
    filters.set('place', 'fr paris')
    await flush()
    expect(mapCall).toHaveBeenCalledTimes(2)
    expect(mapCall.mock.calls[1][0].filter.place).toBe('fr paris')
    const v1 = map.version
    filters.set('countries', ['FR'])
    await flush()
    expect(mapCall).toHaveBeenCalledTimes(3)
    expect(mapCall.mock.calls[2][0].filter).toMatchObject({ place: 'fr paris', countries: ['FR'] })
    expect(map.version).toBe(v1 + 1)
  })

  it('a change while hidden marks the map stale; it is fetched once when shown again', async () => {
    mapCall.mockResolvedValue(view([place('fr paris', 40)]) as never)
    const filters = useFiltersStore()
    const map = useMapStore()
    map.activate()
    await flush()
    map.deactivate()
    filters.set('user', 'ann')
    filters.set('ip', '10.')
    await flush()
    expect(mapCall).toHaveBeenCalledTimes(1)
    map.activate()
    await flush()
    expect(mapCall).toHaveBeenCalledTimes(2)
    expect(mapCall.mock.calls[1][0].filter).toMatchObject({ user: 'ann', ip: '10.' })
    map.deactivate()
    map.activate() // nothing changed meanwhile
    await flush()
    expect(mapCall).toHaveBeenCalledTimes(2)
  })

  it('ignores an answer that arrives after a newer request', async () => {
    const first = deferred<MapView>()
    const second = deferred<MapView>()
    mapCall.mockReturnValueOnce(first.promise as never).mockReturnValueOnce(second.promise as never)
    const filters = useFiltersStore()
    const map = useMapStore()
    map.activate()
    filters.set('place', 'us new york')
    await flush()
    expect(mapCall).toHaveBeenCalledTimes(2)
    second.resolve(view([place('us new york', 7, 40.7, -74)]))
    await flush()
    expect(map.places.map((p) => p.place)).toEqual(['us new york'])
    expect(map.loading).toBe(false)
    first.resolve(view([place('fr paris', 40), place('us new york', 7, 40.7, -74)]))
    await flush()
    expect(map.places.map((p) => p.place)).toEqual(['us new york'])
    // A late failure of a superseded request is ignored too.
    const third = deferred<MapView>()
    const fourth = deferred<MapView>()
    mapCall.mockReturnValueOnce(third.promise as never).mockReturnValueOnce(fourth.promise as never)
    filters.set('place', '')
    await flush()
    filters.set('place', 'fr paris')
    await flush()
    expect(mapCall).toHaveBeenCalledTimes(4)
    fourth.resolve(view([place('fr paris', 40)]))
    await flush()
    third.reject({ code: 'db', message: 'database is locked' })
    await flush()
    expect(map.error).toBe('')
    expect(map.places.map((p) => p.place)).toEqual(['fr paris'])
  })

  it('exposes errors and retries', async () => {
    mapCall.mockRejectedValueOnce({ code: 'db', message: 'database is locked' })
    const map = useMapStore()
    map.activate()
    await flush()
    expect(map.error).toContain('database is locked')
    expect(map.loading).toBe(false)
    mapCall.mockResolvedValueOnce(view([place('fr paris', 40)]) as never)
    map.retry()
    await flush()
    expect(map.error).toBe('')
    expect(map.places).toHaveLength(1)
  })

  it('reloads after a refresh finished', async () => {
    mapCall.mockResolvedValue(view([place('fr paris', 40)]) as never)
    const map = useMapStore()
    map.activate()
    await flush()
    useRefreshStore().lastSummary = { jobId: 'j1', done: 1, failed: 0, canceled: 0, results: [] }
    await flush()
    expect(mapCall).toHaveBeenCalledTimes(2)
  })

  it('caches the top users of a place per filter generation', async () => {
    placeUsersCall.mockResolvedValue([{ username: 'ann', name: 'Ann', sessions: 4 }] as never)
    const filters = useFiltersStore()
    filters.set('connectionIds', [1])
    const map = useMapStore()
    expect(await map.placeUsers('fr paris')).toEqual([{ username: 'ann', name: 'Ann', sessions: 4 }])
    await map.placeUsers('fr paris')
    expect(placeUsersCall).toHaveBeenCalledTimes(1)
    expect(placeUsersCall.mock.calls[0][0]).toMatchObject({ connectionIds: [1] })
    expect(placeUsersCall.mock.calls[0][1]).toBe('fr paris')
    await map.placeUsers('fr lyon')
    expect(placeUsersCall).toHaveBeenCalledTimes(2)
    filters.set('sessionType', 'UI')
    await map.placeUsers('fr paris')
    expect(placeUsersCall).toHaveBeenCalledTimes(3)
    expect(placeUsersCall.mock.calls[2][0]).toMatchObject({ sessionType: 'UI' })
    // A failure is not cached.
    placeUsersCall.mockRejectedValueOnce({ code: 'db', message: 'locked' })
    await expect(map.placeUsers('de berlin')).rejects.toBeTruthy()
    await map.placeUsers('de berlin')
    expect(placeUsersCall).toHaveBeenCalledTimes(5)
  })

  describe('travel', () => {
    const tv = (username: string): TravelView => ({
      username,
      stops: [
        { connection: 'Acme', displayId: 'S1', place: 'fr paris', city: 'Paris', country: 'France', latitude: 48.86, longitude: 2.35, at: '2026-11-20T10:00:00Z', sourceIp: '192.0.2.1' },
        { connection: 'Acme', displayId: 'S2', place: 'us new york', city: 'New York', country: 'United States', latitude: 40.71, longitude: -74, at: '2026-11-20T11:12:00Z', sourceIp: '198.51.100.7' },
      ],
      legs: [{ from: 0, to: 1, km: 5837, hours: 1.2, kmh: 4864, impossible: true }],
      unlocated: 0,
    })

    it('fetches a user travel across the selected orgs, once per user and orgs', async () => {
      travelCall.mockImplementation(async (u: string) => tv(u) as never)
      const filters = useFiltersStore()
      filters.set('connectionIds', [1, 3])
      const map = useMapStore()
      await map.travelFor('ann@example.com')
      expect(travelCall).toHaveBeenCalledWith('ann@example.com', [1, 3])
      expect(map.travelUser).toBe('ann@example.com')
      expect(map.travel?.legs).toHaveLength(1)
      await map.travelFor('ann@example.com')
      expect(travelCall).toHaveBeenCalledTimes(1)
      filters.set('connectionIds', [1])
      await map.travelFor('ann@example.com')
      expect(travelCall).toHaveBeenCalledTimes(2)
      expect(travelCall.mock.calls[1][1]).toEqual([1])
    })

    it('clears the path as soon as the user changes and drops late answers', async () => {
      const ann = deferred<TravelView>()
      const bob = deferred<TravelView>()
      travelCall.mockResolvedValueOnce(tv('ann') as never)
      const map = useMapStore()
      await map.travelFor('ann')
      expect(map.travel?.username).toBe('ann')
      travelCall.mockReturnValueOnce(ann.promise as never).mockReturnValueOnce(bob.promise as never)
      void map.travelFor('ann', true) // refetch of the same user keeps the old path meanwhile
      expect(map.travel?.username).toBe('ann')
      void map.travelFor('bob')
      expect(map.travel).toBeNull()
      expect(map.travelLoading).toBe(true)
      bob.resolve(tv('bob'))
      await flush()
      ann.resolve(tv('ann'))
      await flush()
      expect(map.travel?.username).toBe('bob')
      expect(map.travelLoading).toBe(false)
      await map.travelFor('')
      expect(map.travel).toBeNull()
      expect(map.travelUser).toBe('')
    })

    it('reports a failure', async () => {
      travelCall.mockRejectedValueOnce({ code: 'filter', message: 'choose a user to see their travel path' })
      const map = useMapStore()
      await map.travelFor('ann')
      expect(map.travel).toBeNull()
      expect(map.travelError).toContain('choose a user')
      expect(map.travelLoading).toBe(false)
    })
  })
})
