// Pure helpers of the session map: view transform, point sizes, screen-space clustering,
// hit-testing, geodesic sampling and the travel labels. No DOM, no canvas: unit-tested.
import { geoInterpolate } from 'd3-geo'
import type { TravelLeg, TravelStop } from '../../api'

export const MIN_ZOOM = 1
export const MAX_ZOOM = 64
/** Points closer than this on screen (CSS px) merge into one cluster. */
export const CLUSTER_CELL = 24
export const MIN_RADIUS = 3
export const MAX_RADIUS = 18

/** The user's zoom and pan over the fitted map: screen = fitted * k + (x, y), in CSS pixels. */
export interface Transform {
  k: number
  x: number
  y: number
}

export const IDENTITY: Readonly<Transform> = Object.freeze({ k: 1, x: 0, y: 0 })

/** [[x0, y0], [x1, y1]] */
export type Bounds = [[number, number], [number, number]]

export function clampZoom(k: number): number {
  if (!Number.isFinite(k)) return MIN_ZOOM
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k))
}

/** Zooms by factor keeping the screen point (px, py) where it is. */
export function zoomAt(t: Transform, factor: number, px: number, py: number): Transform {
  const k = clampZoom(t.k * factor)
  const r = k / t.k
  return { k, x: px - (px - t.x) * r, y: py - (py - t.y) * r }
}

function clampAxis(v: number, a0: number, a1: number, size: number): number {
  const lo = size - a1 // content reaches the far edge
  const hi = 0 - a0 // content reaches the near edge (0 - 0 is +0, not -0)
  // Larger than the viewport: it must cover it. Smaller: it must stay inside.
  return lo <= hi ? Math.min(hi, Math.max(lo, v)) : Math.min(lo, Math.max(hi, v))
}

/**
 * Bounds the zoom to MIN_ZOOM..MAX_ZOOM and the pan so the map (extent, in fitted coordinates)
 * covers the viewport where it is larger than it, and stays inside it where it is smaller.
 */
export function clampTransform(t: Transform, extent: Bounds, width: number, height: number): Transform {
  const k = clampZoom(t.k)
  return {
    k,
    x: clampAxis(t.x, extent[0][0] * k, extent[1][0] * k, width),
    y: clampAxis(t.y, extent[0][1] * k, extent[1][1] * k, height),
  }
}

/** The transform that shows bounds (fitted coordinates) centred, with padding, zoomed at most maxK. */
export function fitBounds(bounds: Bounds, width: number, height: number, padding = 40, maxK = MAX_ZOOM): Transform {
  const [[x0, y0], [x1, y1]] = bounds
  const bw = Math.max(x1 - x0, 1e-6)
  const bh = Math.max(y1 - y0, 1e-6)
  const k = clampZoom(Math.min(maxK, Math.max(1, width - 2 * padding) / bw, Math.max(1, height - 2 * padding) / bh))
  const cx = (x0 + x1) / 2
  const cy = (y0 + y1) / 2
  return { k, x: width / 2 - cx * k, y: height / 2 - cy * k }
}

/** Circle radius for a session count: square-root scale against the largest, clamped. */
export function radiusFor(sessions: number, maxSessions: number, min = MIN_RADIUS, max = MAX_RADIUS): number {
  if (!(sessions > 0) || !(maxSessions > 0)) return min
  const r = min + (max - min) * Math.sqrt(sessions / maxSessions)
  return Math.min(max, Math.max(min, r))
}

export interface WeightedPoint {
  x: number
  y: number
  w: number
}

/** Points merged on screen. Positions are in the points' own units (not scaled). */
export interface Cluster {
  /** The heaviest member: the cluster is drawn where it is. */
  seed: number
  /** Indexes into the points, heaviest first. */
  members: number[]
  weight: number
  x: number
  y: number
}

const CELL_OFFSET = 1 << 20
const cellKey = (cx: number, cy: number): number => (cx + CELL_OFFSET) * 2 ** 22 + (cy + CELL_OFFSET)

/** Indexes sorted by weight, heaviest first (ties: lower index first). */
export function heaviestFirst(points: readonly WeightedPoint[]): number[] {
  const order = points.map((_, i) => i)
  order.sort((a, b) => points[b].w - points[a].w || a - b)
  return order
}

/**
 * Greedy screen-space clustering. At scale s (screen px per point unit) each point, heaviest
 * first, joins the nearest cluster seed within `cell` px, or seeds a new cluster. A hash grid of
 * `cell`-sized squares keeps it linear. The result is heaviest cluster first.
 * With cell <= 0 every point is its own cluster.
 */
export function clusterPoints(points: readonly WeightedPoint[], s: number, cell = CLUSTER_CELL, order?: number[]): Cluster[] {
  const idx = order ?? heaviestFirst(points)
  const clusters: Cluster[] = []
  if (cell <= 0) {
    for (const i of idx) clusters.push({ seed: i, members: [i], weight: points[i].w, x: points[i].x, y: points[i].y })
    return clusters
  }
  const grid = new Map<number, number[]>()
  const limit = cell * cell
  for (const i of idx) {
    const p = points[i]
    const sx = p.x * s
    const sy = p.y * s
    const cx = Math.floor(sx / cell)
    const cy = Math.floor(sy / cell)
    let best = -1
    let bestD = Infinity
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const bucket = grid.get(cellKey(cx + dx, cy + dy))
        if (!bucket) continue
        for (const c of bucket) {
          const q = clusters[c]
          const ex = q.x * s - sx
          const ey = q.y * s - sy
          const d = ex * ex + ey * ey
          if (d <= limit && d < bestD) {
            bestD = d
            best = c
          }
        }
      }
    }
    if (best >= 0) {
      clusters[best].members.push(i)
      clusters[best].weight += p.w
    } else {
      const key = cellKey(cx, cy)
      const bucket = grid.get(key)
      if (bucket) bucket.push(clusters.length)
      else grid.set(key, [clusters.length])
      clusters.push({ seed: i, members: [i], weight: p.w, x: p.x, y: p.y })
    }
  }
  // Members joined after their seeds: re-sort by total weight for drawing (largest first).
  const sorted = clusters.map((c, i) => [c, i] as const)
  sorted.sort((a, b) => b[0].weight - a[0].weight || a[1] - b[1])
  return sorted.map((e) => e[0])
}

export interface Circle {
  x: number
  y: number
  r: number
}

/** A screen-space grid over circles (in draw order) for hover and click hit-testing. */
export class HitGrid {
  private readonly cells = new Map<number, number[]>()

  constructor(
    private readonly items: readonly Circle[],
    private readonly cell = 32,
    private readonly slop = 3,
  ) {
    items.forEach((c, i) => {
      const r = c.r + slop
      const x0 = Math.floor((c.x - r) / cell)
      const x1 = Math.floor((c.x + r) / cell)
      const y0 = Math.floor((c.y - r) / cell)
      const y1 = Math.floor((c.y + r) / cell)
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          const key = cellKey(x, y)
          const bucket = this.cells.get(key)
          if (bucket) bucket.push(i)
          else this.cells.set(key, [i])
        }
      }
    })
  }

  /** The topmost (last drawn) circle under the point, within slop px; -1 when none. */
  hit(x: number, y: number): number {
    const bucket = this.cells.get(cellKey(Math.floor(x / this.cell), Math.floor(y / this.cell)))
    if (!bucket) return -1
    let best = -1
    for (const i of bucket) {
      const c = this.items[i]
      const r = c.r + this.slop
      const dx = c.x - x
      const dy = c.y - y
      if (dx * dx + dy * dy <= r * r && i > best) best = i
    }
    return best
  }
}

/** [longitude, latitude] */
export type LonLat = [number, number]

/**
 * A great-circle arc sampled into runs of [lon, lat] points, split where it crosses the
 * antimeridian (so a flat map draws no line across the whole world). Each run is a polyline.
 */
export function geodesicRuns(from: LonLat, to: LonLat, km: number): LonLat[][] {
  const n = Math.min(256, Math.max(2, Math.ceil(km / 50)))
  const interp = geoInterpolate(from, to)
  const runs: LonLat[][] = []
  let run: LonLat[] = [from]
  let prev = from
  for (let i = 1; i <= n; i++) {
    const p: LonLat = i === n ? to : (interp(i / n) as LonLat)
    if (Math.abs(p[0] - prev[0]) > 180) {
      // Crossing ±180: find the latitude where it does and end/start the runs at the edges.
      const east = prev[0] > 0 // leaving through the east edge
      const edge = east ? 180 : -180
      const unwrapped = p[0] + (east ? 360 : -360)
      const f = (edge - prev[0]) / (unwrapped - prev[0] || 1)
      const lat = prev[1] + (p[1] - prev[1]) * f
      run.push([edge, lat])
      runs.push(run)
      run = [[-edge, lat]]
    }
    run.push(p)
    prev = p
  }
  runs.push(run)
  return runs
}

/** The point halfway along the great circle (where the leg's label goes). */
export function geodesicMidpoint(from: LonLat, to: LonLat): LonLat {
  return geoInterpolate(from, to)(0.5) as LonLat
}

const int = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })
const one = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 })

/** "5,837 km", "3.2 km" under 10 km. */
export function formatKm(km: number): string {
  if (!Number.isFinite(km) || km < 0) return '—'
  return `${km < 10 ? one.format(km) : int.format(km)} km`
}

/** "45 min", "1.2 h", "3.5 d"; "no time" when both logins were at the same instant. */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours) || hours <= 0) return 'no time'
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`
  if (hours < 48) return `${one.format(hours)} h`
  return `${one.format(hours / 24)} d`
}

/** "4,860 km/h"; "—" when the speed is not defined (same instant). */
export function formatKmh(kmh: number, hours: number): string {
  if (!Number.isFinite(kmh) || hours <= 0) return '—'
  return `${int.format(kmh)} km/h`
}

/** "5,837 km in 1.2 h = 4,860 km/h" or "5,837 km at the same instant". */
export function legSummary(leg: Pick<TravelLeg, 'km' | 'hours' | 'kmh'>): string {
  if (!(leg.hours > 0)) return `${formatKm(leg.km)} at the same instant`
  return `${formatKm(leg.km)} in ${formatHours(leg.hours)} = ${formatKmh(leg.kmh, leg.hours)}`
}

/** Short label drawn on the map: "5,837 km · 4,860 km/h". */
export function legLabel(leg: Pick<TravelLeg, 'km' | 'hours' | 'kmh'>): string {
  if (!(leg.hours > 0)) return `${formatKm(leg.km)} · same instant`
  return `${formatKm(leg.km)} · ${formatKmh(leg.kmh, leg.hours)}`
}

/** A stop's name: city, else country, else its place key. */
export function stopName(s: Pick<TravelStop, 'city' | 'country' | 'place'>): string {
  return s.city || s.country || s.place || 'Unknown place'
}

export interface StopGroup {
  place: string
  lon: number
  lat: number
  /** 1-based stop numbers at this place, in time order. */
  numbers: number[]
}

/** Stops at the same place share one marker listing their numbers. */
export function groupStops(stops: readonly TravelStop[]): StopGroup[] {
  const byKey = new Map<string, StopGroup>()
  stops.forEach((s, i) => {
    const key = `${s.place}|${s.latitude}|${s.longitude}`
    const g = byKey.get(key)
    if (g) g.numbers.push(i + 1)
    else byKey.set(key, { place: s.place, lon: s.longitude, lat: s.latitude, numbers: [i + 1] })
  })
  return [...byKey.values()]
}

/** "3", "1,4,7", "2…19" (first and last when more than three). */
export function numbersLabel(numbers: readonly number[]): string {
  if (numbers.length <= 3) return numbers.join(',')
  return `${numbers[0]}…${numbers[numbers.length - 1]}`
}

/** 999, "1.2k", "12k", "1.3M". */
export function compactCount(n: number): string {
  if (!Number.isFinite(n)) return ''
  if (n < 1000) return String(Math.round(n))
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`
}

/** Whether two axis-aligned rectangles [x, y, w, h] overlap. */
export function overlaps(a: readonly number[], b: readonly number[]): boolean {
  return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]
}
