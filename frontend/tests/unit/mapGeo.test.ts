import { describe, expect, it } from 'vitest'
import type { TravelStop } from '../../src/api/types'
import {
  CLUSTER_CELL,
  HitGrid,
  MAX_RADIUS,
  MAX_ZOOM,
  MIN_RADIUS,
  clampTransform,
  clampZoom,
  clusterPoints,
  compactCount,
  fitBounds,
  formatHours,
  formatKm,
  formatKmh,
  geodesicMidpoint,
  geodesicRuns,
  groupStops,
  legLabel,
  legSummary,
  numbersLabel,
  overlaps,
  radiusFor,
  stopName,
  zoomAt,
  type Bounds,
} from '../../src/lib/map/geo'
import { loadAtlas } from '../../src/lib/map/atlas'
import { MapRenderer } from '../../src/lib/map/renderer'
import { IDENTITY } from '../../src/lib/map/geo'

const digits = (s: string) => s.replace(/[^\d.]/g, '')

describe('radiusFor (square-root scale, clamped)', () => {
  it('grows with the square root of the count', () => {
    const r1 = radiusFor(100, 10_000)
    const r4 = radiusFor(400, 10_000)
    expect(r4 - MIN_RADIUS).toBeCloseTo(2 * (r1 - MIN_RADIUS), 6)
  })
  it('the largest gets the maximum; more than the largest is clamped', () => {
    expect(radiusFor(10_000, 10_000)).toBe(MAX_RADIUS)
    expect(radiusFor(50_000, 10_000)).toBe(MAX_RADIUS)
  })
  it('nothing, negatives and a zero maximum get the minimum', () => {
    expect(radiusFor(0, 100)).toBe(MIN_RADIUS)
    expect(radiusFor(-5, 100)).toBe(MIN_RADIUS)
    expect(radiusFor(5, 0)).toBe(MIN_RADIUS)
    expect(radiusFor(NaN, 100)).toBe(MIN_RADIUS)
  })
})

describe('zoom and pan', () => {
  it('clampZoom bounds the zoom to 1..64', () => {
    expect(clampZoom(0.2)).toBe(1)
    expect(clampZoom(100)).toBe(MAX_ZOOM)
    expect(clampZoom(3)).toBe(3)
    expect(clampZoom(NaN)).toBe(1)
  })

  it('zoomAt keeps the point under the cursor where it is', () => {
    const t = { k: 2, x: -100, y: -40 }
    const px = 300
    const py = 200
    const fx = (px - t.x) / t.k // fitted coordinate under the cursor
    const fy = (py - t.y) / t.k
    const z = zoomAt(t, 3, px, py)
    expect(z.k).toBe(6)
    expect(fx * z.k + z.x).toBeCloseTo(px)
    expect(fy * z.k + z.y).toBeCloseTo(py)
  })

  it('zoomAt stops at the limits', () => {
    expect(zoomAt({ k: 40, x: 0, y: 0 }, 4, 0, 0).k).toBe(64)
    expect(zoomAt({ k: 1.5, x: 0, y: 0 }, 0.25, 0, 0).k).toBe(1)
  })

  const extent: Bounds = [
    [0, 50],
    [800, 450],
  ] // the map at zoom 1 in an 800×500 viewport

  it('a map smaller than the viewport stays inside it', () => {
    const t = clampTransform({ k: 1, x: 0, y: 300 }, extent, 800, 500)
    expect(t.x).toBe(0) // exactly as wide: no horizontal play
    expect(t.y).toBe(50) // 100 px of vertical play: pushed back to the bottom edge
    expect(clampTransform({ k: 1, x: 0, y: -200 }, extent, 800, 500).y).toBe(-50)
  })

  it('a map larger than the viewport always covers it', () => {
    const far = clampTransform({ k: 4, x: 5000, y: -9000 }, extent, 800, 500)
    expect(far.k).toBe(4)
    expect(far.x).toBe(0) // left edge of the map at the left edge of the viewport
    expect(far.y).toBe(500 - 450 * 4) // bottom edge of the map at the bottom of the viewport
    const inside = clampTransform({ k: 4, x: -1000, y: -600 }, extent, 800, 500)
    expect(inside).toEqual({ k: 4, x: -1000, y: -600 })
  })

  it('fitBounds centres the bounds and caps the zoom', () => {
    const t = fitBounds(
      [
        [100, 100],
        [200, 150],
      ],
      800,
      500,
      0,
    )
    expect(t.k).toBe(8) // min(800/100, 500/50)
    expect(150 * t.k + t.x).toBeCloseTo(400)
    expect(125 * t.k + t.y).toBeCloseTo(250)
    const point = fitBounds(
      [
        [10, 10],
        [10, 10],
      ],
      800,
      500,
      40,
      16,
    )
    expect(point.k).toBe(16)
  })
})

describe('clusterPoints (screen-space)', () => {
  const pts = [
    { x: 100, y: 100, w: 5 },
    { x: 101, y: 100, w: 50 }, // 1 unit from the first
    { x: 300, y: 300, w: 7 },
    { x: 100, y: 108, w: 1 }, // 8 units below the first
  ]

  it('merges points closer than a cell on screen, the heaviest as seed', () => {
    const c = clusterPoints(pts, 1, CLUSTER_CELL)
    expect(c).toHaveLength(2)
    expect(c[0].seed).toBe(1)
    expect(c[0].members).toEqual([1, 0, 3])
    expect(c[0].weight).toBe(56)
    expect([c[0].x, c[0].y]).toEqual([101, 100]) // drawn where the seed is
    expect(c[1].members).toEqual([2])
  })

  it('zooming in (a larger scale) separates them', () => {
    const c = clusterPoints(pts, 4, CLUSTER_CELL) // 8 units = 32 px: apart; 1 unit = 4 px: together
    expect(c.map((x) => x.members)).toEqual([[1, 0], [2], [3]])
    const all = clusterPoints(pts, 100, CLUSTER_CELL)
    expect(all).toHaveLength(4)
  })

  it('cell 0 turns clustering off', () => {
    const c = clusterPoints(pts, 1, 0)
    expect(c.map((x) => x.seed)).toEqual([1, 2, 0, 3])
  })

  it('returns clusters heaviest first and handles thousands of points', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ x: (i * 37) % 1000, y: (i * 91) % 500, w: 1 + (i % 13) }))
    const c = clusterPoints(many, 1)
    for (let i = 1; i < c.length; i++) expect(c[i - 1].weight).toBeGreaterThanOrEqual(c[i].weight)
    expect(c.reduce((n, x) => n + x.members.length, 0)).toBe(5000)
    expect(c.length).toBeLessThan(5000)
  })
})

describe('HitGrid', () => {
  const items = [
    { x: 100, y: 100, r: 20 }, // large, drawn first
    { x: 110, y: 100, r: 4 }, // small, drawn on top
    { x: 400, y: 300, r: 5 },
  ]
  const grid = new HitGrid(items, 32, 3)

  it('finds the topmost circle under the point', () => {
    expect(grid.hit(110, 101)).toBe(1)
    expect(grid.hit(90, 100)).toBe(0)
    expect(grid.hit(402, 299)).toBe(2)
  })
  it('allows a few pixels of slop and misses beyond', () => {
    expect(grid.hit(400, 307)).toBe(2) // 7 px away: r 5 + slop 3
    expect(grid.hit(400, 310)).toBe(-1)
    expect(grid.hit(700, 50)).toBe(-1)
  })
  it('works across cell borders', () => {
    const g = new HitGrid([{ x: 31, y: 31, r: 6 }], 32, 0)
    expect(g.hit(35, 35)).toBe(0)
    expect(g.hit(27, 27)).toBe(0)
  })
})

describe('geodesics', () => {
  it('a leg that does not cross the antimeridian is one run from end to end', () => {
    const runs = geodesicRuns([2.35, 48.86], [-74.0, 40.71], 5837)
    expect(runs).toHaveLength(1)
    expect(runs[0][0]).toEqual([2.35, 48.86])
    expect(runs[0].at(-1)).toEqual([-74.0, 40.71])
    // A great circle from Paris to New York bends north of both ends.
    const mid = geodesicMidpoint([2.35, 48.86], [-74.0, 40.71])
    expect(mid[1]).toBeGreaterThan(48.86)
  })

  it('a leg over the Pacific is split at ±180', () => {
    const runs = geodesicRuns([139.69, 35.69], [-122.42, 37.77], 8280) // Tokyo → San Francisco
    expect(runs).toHaveLength(2)
    expect(runs[0].at(-1)![0]).toBe(180)
    expect(runs[1][0][0]).toBe(-180)
    expect(runs[0].at(-1)![1]).toBeCloseTo(runs[1][0][1])
    for (const run of runs) {
      for (let i = 1; i < run.length; i++) expect(Math.abs(run[i][0] - run[i - 1][0])).toBeLessThan(180)
    }
  })
})

describe('travel labels', () => {
  it('formats distances, durations and speeds', () => {
    expect(digits(formatKm(5837.4))).toBe('5837')
    expect(formatKm(3.24)).toMatch(/^3.2 km$/)
    expect(formatHours(0.5)).toBe('30 min')
    expect(formatHours(1.2)).toMatch(/^1.2 h$/)
    expect(formatHours(72)).toMatch(/^3.0 d$/)
    expect(formatHours(0)).toBe('no time')
    expect(digits(formatKmh(4860.2, 1.2))).toBe('4860')
    expect(formatKmh(0, 0)).toBe('—')
  })

  it('summarises a leg for the list and the map', () => {
    const leg = { km: 5837, hours: 1.2, kmh: 4864.2 }
    expect(legSummary(leg)).toMatch(/^5.837 km in 1.2 h = 4.864 km\/h$/)
    expect(legLabel(leg)).toMatch(/^5.837 km · 4.864 km\/h$/)
    expect(legSummary({ km: 900, hours: 0, kmh: 0 })).toBe('900 km at the same instant')
    expect(legLabel({ km: 900, hours: 0, kmh: 0 })).toBe('900 km · same instant')
  })

  const stop = (place: string, i: number): TravelStop => ({
    connection: 'Acme',
    displayId: `S${i}`,
    place,
    city: place === 'fr paris' ? 'Paris' : '',
    country: place === 'us' ? 'United States' : 'France',
    latitude: place === 'fr paris' ? 48.86 : 39.8,
    longitude: place === 'fr paris' ? 2.35 : -98.5,
    at: '2026-11-20T10:00:00Z',
    sourceIp: '192.0.2.1',
  })

  it('groups stops at one place and numbers them in time order', () => {
    const g = groupStops([stop('fr paris', 0), stop('us', 1), stop('fr paris', 2), stop('fr paris', 3), stop('fr paris', 4)])
    expect(g).toHaveLength(2)
    expect(g[0].numbers).toEqual([1, 3, 4, 5])
    expect(numbersLabel(g[0].numbers)).toBe('1…5')
    expect(numbersLabel(g[1].numbers)).toBe('2')
    expect(numbersLabel([1, 3, 5])).toBe('1,3,5')
    expect(stopName(stop('fr paris', 0))).toBe('Paris')
    expect(stopName(stop('us', 0))).toBe('United States')
  })

  it('compact counts and rectangle overlap', () => {
    expect(compactCount(999)).toBe('999')
    expect(compactCount(1200)).toBe('1.2k')
    expect(compactCount(3000)).toBe('3k')
    expect(compactCount(45_678)).toBe('46k')
    expect(compactCount(1_250_000)).toBe('1.3M')
    expect(overlaps([0, 0, 10, 10], [5, 5, 10, 10])).toBe(true)
    expect(overlaps([0, 0, 10, 10], [10, 0, 10, 10])).toBe(false)
  })
})

describe('atlas and renderer (no canvas)', () => {
  it('loads the bundled world-atlas TopoJSON as land and borders', async () => {
    const atlas = await loadAtlas('110m')
    expect(atlas.detail).toBe('110m')
    expect(atlas.land.type).toBe('FeatureCollection')
    expect(atlas.borders.type).toBe('MultiLineString')
    expect(atlas.borders.coordinates.length).toBeGreaterThan(100)
  })

  it('projects into the canvas, clusters at zoom 1 and lays out hit-testable circles', () => {
    const r = new MapRenderer(null)
    r.resize(1000, 520, 2)
    const paris = r.project(2.35, 48.86, IDENTITY)!
    const ny = r.project(-74.0, 40.71, IDENTITY)!
    expect(paris[0]).toBeGreaterThan(ny[0]) // east is right
    expect(paris[1]).toBeLessThan(ny[1]) // north is up
    for (const [x, y] of [paris, ny]) {
      expect(x).toBeGreaterThan(0)
      expect(x).toBeLessThan(1000)
      expect(y).toBeGreaterThan(0)
      expect(y).toBeLessThan(520)
    }
    const place = (key: string, lat: number, lon: number, sessions: number) => ({
      place: key,
      city: key,
      subdivision: '',
      country: '',
      countryCode: '',
      latitude: lat,
      longitude: lon,
      sessions,
      users: 1,
    })
    r.setPlaces([place('fr paris', 48.86, 2.35, 100), place('fr versailles', 48.8, 2.13, 10), place('us new york', 40.71, -74, 50)])
    const state = { t: IDENTITY, hoveredPlace: '', selectedPlace: '', showTravel: true, highlightStops: new Set<number>() }
    r.render(state)
    expect(r.items).toHaveLength(2) // Paris and Versailles merge at world scale
    expect(r.items[0].cluster.members).toHaveLength(2)
    const hit = r.hit(ny[0] + 1, ny[1])
    expect(hit && r.placeAt(hit.cluster.seed)?.place).toBe('us new york')
    expect(r.hit(5, 5)).toBeNull()

    r.render({ ...state, t: { k: 64, x: -paris[0] * 63, y: -paris[1] * 63 } }) // Paris stays put, zoomed in
    const keys = r.items.map((it) => r.placeAt(it.cluster.seed)?.place)
    expect(keys).toContain('fr paris')
    expect(keys).not.toContain('us new york') // off screen
    expect(r.items.every((it) => it.cluster.members.length === 1)).toBe(true)
  })
})
