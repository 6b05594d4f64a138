// Draws the session map on a 2D canvas. Everything geographic is projected once, into a fixed
// reference frame (Natural Earth, 1000 units wide); zoom, pan and the fit to the canvas are one
// affine transform on top, so panning never re-projects anything. The land is drawn into an
// offscreen layer that is reused while only the transform changes.
import { geoGraticule10, geoNaturalEarth1, geoPath, geoStream, type GeoPermissibleObjects, type GeoProjection } from 'd3-geo'
import type { MapPlace, TravelView } from '../../api'
import { DETAIL_ZOOM, type Atlas, type AtlasDetail } from './atlas'
import {
  CLUSTER_CELL,
  HitGrid,
  MAX_ZOOM,
  clusterPoints,
  compactCount,
  geodesicMidpoint,
  geodesicRuns,
  groupStops,
  heaviestFirst,
  legLabel,
  numbersLabel,
  overlaps,
  radiusFor,
  type Bounds,
  type Circle,
  type Cluster,
  type LonLat,
  type Transform,
  type WeightedPoint,
} from './geo'

const REF_WIDTH = 1000
const SPHERE: GeoPermissibleObjects = { type: 'Sphere' }
const PADDING = 8
/** The land layer reaches this share of the viewport beyond each edge, so panning reuses it. */
const LAYER_MARGIN = 0.25
/** A layer no longer covering the view is drawn again at most this often while moving (ms). */
const LAYER_MIN_AGE_MS = 100
/** Land outlines are grouped into this many tiles (columns × rows), culled against the view. */
const TILE_COLUMNS = 8
const TILE_ROWS = 4

export interface MapTheme {
  bg: string
  ocean: string
  land: string
  border: string
  text: string
  text2: string
  muted: string
  accent: string
  danger: string
  selected: string
  font: string
}

const FALLBACK: MapTheme = {
  bg: '#ffffff',
  ocean: '#f7f8fa',
  land: '#d8dce3',
  border: '#e0e0e6',
  text: '#1f2225',
  text2: '#4b5563',
  muted: '#8a9099',
  accent: '#2463d1',
  danger: '#d03050',
  selected: '#f0a020',
  font: 'system-ui, sans-serif',
}

/** The theme's colours, from the CSS variables the app shell sets on the root element. */
export function readTheme(el: Element = document.documentElement): MapTheme {
  const cs = getComputedStyle(el)
  const v = (name: string, fallback: string): string => cs.getPropertyValue(name).trim() || fallback
  return {
    bg: v('--ss-bg', FALLBACK.bg),
    ocean: v('--ss-panel', FALLBACK.ocean),
    land: v('--ss-text2', FALLBACK.text2),
    border: v('--ss-border', FALLBACK.border),
    text: v('--ss-text', FALLBACK.text),
    text2: v('--ss-text2', FALLBACK.text2),
    muted: v('--ss-muted', FALLBACK.muted),
    accent: v('--ss-accent', FALLBACK.accent),
    danger: v('--ss-error', FALLBACK.danger),
    selected: v('--ss-warning', FALLBACK.selected),
    font: cs.fontFamily || FALLBACK.font,
  }
}

/** One circle on screen: a place, or several places merged. */
export interface DrawnItem extends Circle {
  cluster: Cluster
}

export interface FrameState {
  t: Transform
  /** Place key hovered (on the map or in the list); '' = none. */
  hoveredPlace: string
  /** The place filter; '' = none. */
  selectedPlace: string
  showTravel: boolean
  /** Stop indexes to ring (the selected session's login). */
  highlightStops: ReadonlySet<number>
}

export interface FrameResult {
  /** The land was drawn from a stretched layer: draw again soon for a sharp one. */
  landPending: boolean
  /** The view is zoomed far enough for finer outlines, which are not loaded yet. */
  wantsDetail: boolean
}

/** Part of the outlines with its bounds in reference coordinates (drawn only when in view). */
interface Chunk {
  path: Path2D
  x0: number
  y0: number
  x1: number
  y1: number
}

interface LandPaths {
  land: Chunk[]
  borders: Chunk[]
}

type View = { s: number; tx: number; ty: number }

interface TravelGeometry {
  normal: Path2D | null
  impossible: Path2D | null
  /** Per leg: label anchor (reference coords), text, impossible, length. */
  labels: Array<{ x: number; y: number; text: string; impossible: boolean; km: number }>
  stops: Array<{ x: number; y: number; label: string; indexes: number[] }>
  bounds: Bounds | null
}

const canUsePath2D = (): boolean => typeof Path2D !== 'undefined'

export class MapRenderer {
  /** Longitude/latitude → reference coordinates. */
  readonly projection: GeoProjection
  /** The same without resampling, for the land outlines. */
  private readonly outlineProjection: GeoProjection
  /** The sphere's outline in reference coordinates. */
  readonly refBounds: Bounds

  width = 0
  height = 0
  dpr = 1
  /** Reference → fitted (CSS px at zoom 1). */
  private fitScale = 1
  private fitX = 0
  private fitY = 0

  private theme: MapTheme = FALLBACK
  private themeVersion = 0

  private readonly atlases = new Map<AtlasDetail, Atlas>()
  private readonly landPaths = new Map<AtlasDetail, LandPaths>()
  private sphere: Path2D | null = null
  private graticule: Path2D | null = null

  private layer: HTMLCanvasElement | null = null
  private layerCtx: CanvasRenderingContext2D | null = null
  private layerBase = ''
  private layerView: View = { s: 1, tx: 0, ty: 0 }
  /** The layer's margin beyond the viewport, CSS px. */
  private layerMx = 0
  private layerMy = 0
  private layerAt = 0
  /** The next frame draws the land afresh, whatever it costs. */
  private forceLand = false

  private places: MapPlace[] = []
  private points: WeightedPoint[] = []
  private order: number[] = []
  private placeIndex = new Map<string, number>()
  private clusterCache: { s: number; clusters: Cluster[]; clusterOf: Int32Array } | null = null

  private travel: TravelView | null = null
  private travelGeo: TravelGeometry | null = null

  /** What the last frame drew, in draw order (largest first). */
  items: DrawnItem[] = []
  private grid: HitGrid | null = null

  constructor(private readonly ctx: CanvasRenderingContext2D | null) {
    this.projection = geoNaturalEarth1().fitWidth(REF_WIDTH, SPHERE as never).precision(0.1)
    // Natural Earth outlines are dense already: no adaptive resampling (many times quicker).
    this.outlineProjection = geoNaturalEarth1().fitWidth(REF_WIDTH, SPHERE as never).precision(0)
    this.refBounds = geoPath(this.projection).bounds(SPHERE as never) as Bounds
  }

  get drawing(): boolean {
    return this.ctx !== null
  }

  // --- inputs ---

  /** The canvas's CSS size and pixel ratio; fits the world into it. */
  resize(width: number, height: number, dpr: number): void {
    const w = Math.max(1, Math.round(width))
    const h = Math.max(1, Math.round(height))
    const r = Math.max(1, Math.min(4, dpr || 1))
    if (w === this.width && h === this.height && r === this.dpr) return
    this.width = w
    this.height = h
    this.dpr = r
    const canvas = this.ctx?.canvas
    if (canvas) {
      canvas.width = Math.round(w * r)
      canvas.height = Math.round(h * r)
    }
    const [[x0, y0], [x1, y1]] = this.refBounds
    const s = Math.min((w - 2 * PADDING) / (x1 - x0), (h - 2 * PADDING) / (y1 - y0))
    this.fitScale = Math.max(s, 1e-3)
    this.fitX = (w - (x1 - x0) * this.fitScale) / 2 - x0 * this.fitScale
    this.fitY = (h - (y1 - y0) * this.fitScale) / 2 - y0 * this.fitScale
    this.clusterCache = null
  }

  /** The map's outline in fitted coordinates (what the pan is bounded by). */
  get extent(): Bounds {
    const [[x0, y0], [x1, y1]] = this.refBounds
    const f = this.fitScale
    return [
      [x0 * f + this.fitX, y0 * f + this.fitY],
      [x1 * f + this.fitX, y1 * f + this.fitY],
    ]
  }

  setTheme(theme: MapTheme): boolean {
    if (JSON.stringify(theme) === JSON.stringify(this.theme)) return false
    this.theme = theme
    this.themeVersion++
    return true
  }

  setAtlas(atlas: Atlas): void {
    this.atlases.set(atlas.detail, atlas)
    this.landPaths.delete(atlas.detail)
  }

  hasAtlas(detail: AtlasDetail): boolean {
    return this.atlases.has(detail)
  }

  setPlaces(places: MapPlace[]): void {
    this.places = places
    this.placeIndex = new Map(places.map((p, i) => [p.place, i]))
    this.points = places.map((p) => {
      const xy = this.projection([p.longitude, p.latitude]) ?? [NaN, NaN]
      return { x: xy[0], y: xy[1], w: Math.max(0, p.sessions) }
    })
    this.order = heaviestFirst(this.points)
    this.clusterCache = null
  }

  placeAt(index: number): MapPlace | undefined {
    return this.places[index]
  }

  setTravel(travel: TravelView | null): void {
    this.travel = travel
    this.travelGeo = null
  }

  // --- coordinates ---

  /** Reference → screen for a user transform: screen = ref * s + (tx, ty). */
  view(t: Transform): { s: number; tx: number; ty: number } {
    return { s: this.fitScale * t.k, tx: this.fitX * t.k + t.x, ty: this.fitY * t.k + t.y }
  }

  /** Longitude/latitude → fitted coordinates (CSS px at zoom 1); null when not projectable. */
  fitted(lon: number, lat: number): [number, number] | null {
    const p = this.projection([lon, lat])
    if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null
    return [p[0] * this.fitScale + this.fitX, p[1] * this.fitScale + this.fitY]
  }

  /** Longitude/latitude → CSS px on the canvas under transform t. */
  project(lon: number, lat: number, t: Transform): [number, number] | null {
    const f = this.fitted(lon, lat)
    return f ? [f[0] * t.k + t.x, f[1] * t.k + t.y] : null
  }

  /** The fitted bounds of a cluster's places. */
  clusterBounds(c: Cluster): Bounds {
    let x0 = Infinity
    let y0 = Infinity
    let x1 = -Infinity
    let y1 = -Infinity
    for (const i of c.members) {
      const p = this.points[i]
      const x = p.x * this.fitScale + this.fitX
      const y = p.y * this.fitScale + this.fitY
      x0 = Math.min(x0, x)
      y0 = Math.min(y0, y)
      x1 = Math.max(x1, x)
      y1 = Math.max(y1, y)
    }
    return [
      [x0, y0],
      [x1, y1],
    ]
  }

  /** The fitted bounds of the travel path's stops, or null. */
  travelBounds(): Bounds | null {
    const geo = this.travelGeometry()
    const b = geo?.bounds
    if (!b) return null
    const f = this.fitScale
    return [
      [b[0][0] * f + this.fitX, b[0][1] * f + this.fitY],
      [b[1][0] * f + this.fitX, b[1][1] * f + this.fitY],
    ]
  }

  /** The drawn item under a CSS-px point, or null. */
  hit(x: number, y: number): DrawnItem | null {
    this.grid ??= new HitGrid(this.items, 32, 3)
    const i = this.grid.hit(x, y)
    return i >= 0 ? this.items[i] : null
  }

  // --- frame ---

  /** Computes what is on screen and, with a 2D context, draws it. */
  render(state: FrameState): FrameResult {
    const v = this.view(state.t)
    const detail: AtlasDetail = state.t.k >= DETAIL_ZOOM && this.atlases.has('50m') ? '50m' : '110m'
    this.layoutItems(v, state.t.k)
    const ctx = this.ctx
    if (!ctx) return { landPending: false, wantsDetail: false }
    const wantsDetail = state.t.k >= DETAIL_ZOOM && !this.atlases.has('50m')

    ctx.setTransform(1, 0, 0, 1, 0, 0)
    ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height)
    const landPending = this.drawLand(ctx, v, detail)
    const travel = state.showTravel ? this.travelGeometry() : null
    this.drawPoints(ctx, state, travel !== null && travel.stops.length > 0)
    if (travel) this.drawTravel(ctx, v, travel, state.highlightStops)
    return { landPending, wantsDetail }
  }

  /** Draws the land afresh on the next frame (after the user stopped moving). */
  refreshLand(): void {
    this.forceLand = true
  }

  private clusters(s: number, k: number): { clusters: Cluster[]; clusterOf: Int32Array } {
    const c = this.clusterCache
    if (c && c.s === s) return c
    // At the deepest zoom nothing merges: every place can be clicked on its own.
    const clusters = clusterPoints(this.points, s, k >= MAX_ZOOM ? 0 : CLUSTER_CELL, this.order)
    const clusterOf = new Int32Array(this.points.length).fill(-1)
    clusters.forEach((cl, ci) => {
      for (const m of cl.members) clusterOf[m] = ci
    })
    this.clusterCache = { s, clusters, clusterOf }
    return this.clusterCache
  }

  private layoutItems(v: { s: number; tx: number; ty: number }, k: number): void {
    const { clusters } = this.clusters(v.s, k)
    const max = clusters.length ? clusters[0].weight : 0
    const items: DrawnItem[] = []
    for (const c of clusters) {
      if (!Number.isFinite(c.x) || !Number.isFinite(c.y)) continue
      const x = c.x * v.s + v.tx
      const y = c.y * v.s + v.ty
      const r = radiusFor(c.weight, max)
      if (x < -r || y < -r || x > this.width + r || y > this.height + r) continue
      items.push({ x, y, r, cluster: c })
    }
    this.items = items
    this.grid = null
  }

  private ensureLandPaths(detail: AtlasDetail): LandPaths | null {
    if (!canUsePath2D()) return null
    const have = this.landPaths.get(detail)
    if (have) return have
    const atlas = this.atlases.get(detail)
    if (!atlas) return null
    const paths = { land: this.chunks(atlas.land), borders: this.chunks(atlas.borders) }
    this.landPaths.set(detail, paths)
    return paths
  }

  /** Projects an object in one stream pass into a grid of Path2D tiles, each with its bounds. */
  private chunks(object: unknown): Chunk[] {
    const sink = new TileSink(this.refBounds, TILE_COLUMNS, TILE_ROWS)
    geoStream(object as GeoPermissibleObjects, this.outlineProjection.stream(sink as never))
    return sink.tiles()
  }

  private ensureGlobe(): void {
    if (this.sphere || !canUsePath2D()) return
    // The outline: down the east edge (±180°) and up the west one, a point per degree; the
    // poles are straight lines in this projection.
    const sphere = new Path2D()
    for (let lat = 90; lat >= -90; lat--) {
      const [x, y] = this.outlineProjection([180, lat]) ?? [0, 0]
      if (lat === 90) sphere.moveTo(x, y)
      else sphere.lineTo(x, y)
    }
    for (let lat = -90; lat <= 90; lat++) {
      const [x, y] = this.outlineProjection([-180, lat]) ?? [0, 0]
      sphere.lineTo(x, y)
    }
    sphere.closePath()
    this.sphere = sphere
    // Graticule lines come sampled every 2.5°: no resampling needed either.
    this.graticule = new Path2D()
    geoPath(this.outlineProjection, this.graticule as never)(geoGraticule10())
  }

  /** Builds the outlines of a loaded resolution ahead of need (at idle time). */
  prepare(detail: AtlasDetail): void {
    this.ensureGlobe()
    this.ensureLandPaths(detail)
  }

  /** Whether the layer, drawn at its own view, still covers the whole viewport under v. */
  private layerCovers(v: View): boolean {
    const lv = this.layerView
    const r = v.s / lv.s
    if (r < 0.5 || r > 4) return false // too blurry, or too much of it would be missing
    const ox = v.tx - (lv.tx + this.layerMx) * r
    const oy = v.ty - (lv.ty + this.layerMy) * r
    return (
      ox <= 0 &&
      oy <= 0 &&
      ox + (this.width + 2 * this.layerMx) * r >= this.width &&
      oy + (this.height + 2 * this.layerMy) * r >= this.height
    )
  }

  /**
   * Draws the land from the offscreen layer. The layer is drawn afresh when the size, theme or
   * outlines changed, when it no longer covers the view (at most every LAYER_MIN_AGE_MS), or when
   * asked (refreshLand, after the user stopped moving); otherwise it is moved and scaled, which
   * costs one image copy. Returns whether the land shown is such a stand-in.
   */
  private drawLand(ctx: CanvasRenderingContext2D, v: View, detail: AtlasDetail): boolean {
    const base = `${this.width}x${this.height}|${this.dpr}|${detail}|${this.themeVersion}`
    const lv = this.layerView
    const same = base === this.layerBase && lv.s === v.s && lv.tx === v.tx && lv.ty === v.ty
    let pending = false
    if (!same) {
      const reusable = base === this.layerBase && !this.forceLand
      if (reusable && (this.layerCovers(v) || performance.now() - this.layerAt < LAYER_MIN_AGE_MS)) pending = true
      else this.renderLayer(v, detail, base)
    }
    this.forceLand = false
    if (!this.layer || !this.layerBase) return pending
    const r = v.s / this.layerView.s
    const d = this.dpr
    ctx.setTransform(
      r,
      0,
      0,
      r,
      d * (v.tx - (this.layerView.tx + this.layerMx) * r),
      d * (v.ty - (this.layerView.ty + this.layerMy) * r),
    )
    ctx.drawImage(this.layer, 0, 0)
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    return pending
  }

  private renderLayer(v: View, detail: AtlasDetail, base: string): void {
    if (!this.layer) {
      this.layer = document.createElement('canvas')
      this.layerCtx = this.layer.getContext('2d')
    }
    const lc = this.layerCtx
    if (!lc) return
    const d = this.dpr
    const mx = Math.round(this.width * LAYER_MARGIN)
    const my = Math.round(this.height * LAYER_MARGIN)
    const W = Math.round((this.width + 2 * mx) * d)
    const H = Math.round((this.height + 2 * my) * d)
    if (this.layer.width !== W || this.layer.height !== H) {
      this.layer.width = W
      this.layer.height = H
    }
    lc.setTransform(1, 0, 0, 1, 0, 0)
    lc.clearRect(0, 0, W, H)
    this.ensureGlobe()
    const paths = this.ensureLandPaths(detail) ?? this.ensureLandPaths('110m')
    const th = this.theme
    lc.setTransform(d * v.s, 0, 0, d * v.s, d * (v.tx + mx), d * (v.ty + my))
    const px = 1 / v.s // one CSS pixel in reference units
    // The layer's area in reference coordinates: only tiles inside it are drawn.
    const area = {
      x0: (-mx - v.tx) / v.s,
      y0: (-my - v.ty) / v.s,
      x1: (this.width + mx - v.tx) / v.s,
      y1: (this.height + my - v.ty) / v.s,
    }
    const visible = (c: Chunk): boolean => c.x1 >= area.x0 && c.x0 <= area.x1 && c.y1 >= area.y0 && c.y0 <= area.y1
    if (this.sphere) {
      lc.fillStyle = th.ocean
      lc.fill(this.sphere)
    }
    if (this.graticule) {
      lc.globalAlpha = 0.35
      lc.strokeStyle = th.border
      lc.lineWidth = 0.75 * px
      lc.stroke(this.graticule)
      lc.globalAlpha = 1
    }
    if (paths) {
      const land = paths.land.filter(visible)
      const borders = paths.borders.filter(visible)
      lc.globalAlpha = 0.16
      lc.fillStyle = th.land
      for (const c of land) lc.fill(c.path)
      lc.globalAlpha = 0.9
      lc.strokeStyle = th.bg
      lc.lineWidth = 0.8 * px
      for (const c of borders) lc.stroke(c.path)
      lc.globalAlpha = 0.3
      lc.strokeStyle = th.land
      lc.lineWidth = 0.5 * px
      for (const c of land) lc.stroke(c.path)
      lc.globalAlpha = 1
    }
    if (this.sphere) {
      lc.strokeStyle = th.border
      lc.lineWidth = px
      lc.stroke(this.sphere)
    }
    // Without outlines yet (atlas loading) the layer is never reused: the next frame tries again.
    this.layerBase = paths ? base : ''
    this.layerView = { ...v }
    this.layerMx = mx
    this.layerMy = my
    this.layerAt = performance.now()
  }

  private drawPoints(ctx: CanvasRenderingContext2D, state: FrameState, dim: boolean): void {
    const d = this.dpr
    const th = this.theme
    ctx.setTransform(d, 0, 0, d, 0, 0)
    const fillAlpha = dim ? 0.22 : 0.5
    const strokeAlpha = dim ? 0.4 : 0.95
    ctx.fillStyle = th.accent
    ctx.strokeStyle = th.accent
    ctx.lineWidth = 1
    const labels: DrawnItem[] = []
    for (const it of this.items) {
      const many = it.cluster.members.length > 1
      ctx.beginPath()
      ctx.arc(it.x, it.y, it.r, 0, Math.PI * 2)
      ctx.globalAlpha = many ? Math.min(1, fillAlpha + 0.2) : fillAlpha
      ctx.fill()
      ctx.globalAlpha = strokeAlpha
      ctx.stroke()
      if (many && it.r >= 9) labels.push(it)
    }
    ctx.globalAlpha = 1

    if (labels.length) {
      ctx.font = `600 10px ${th.font}`
      ctx.textAlign = 'center'
      ctx.textBaseline = 'middle'
      ctx.fillStyle = th.bg
      for (const it of labels) {
        const text = compactCount(it.cluster.weight)
        if (ctx.measureText(text).width <= it.r * 2 - 4) ctx.fillText(text, it.x, it.y + 0.5)
      }
    }

    const ring = (place: string, color: string, width: number): void => {
      if (!place) return
      const i = this.placeIndex.get(place)
      const cache = this.clusterCache
      if (i === undefined || !cache) return
      const cluster = cache.clusters[cache.clusterOf[i]]
      const it = cluster ? this.items.find((x) => x.cluster === cluster) : undefined
      if (!it) return
      ctx.beginPath()
      ctx.arc(it.x, it.y, it.r + 2.5, 0, Math.PI * 2)
      ctx.strokeStyle = color
      ctx.lineWidth = width
      ctx.stroke()
    }
    ring(state.selectedPlace, th.selected, 2.5)
    ring(state.hoveredPlace, th.text, 1.5)
  }

  private travelGeometry(): TravelGeometry | null {
    const tv = this.travel
    if (!tv || tv.stops.length === 0) return null
    if (this.travelGeo) return this.travelGeo
    const usePath = canUsePath2D()
    const normal = usePath ? new Path2D() : null
    const impossible = usePath ? new Path2D() : null
    const labels: TravelGeometry['labels'] = []
    for (const leg of tv.legs) {
      const a = tv.stops[leg.from]
      const b = tv.stops[leg.to]
      if (!a || !b) continue
      const from: LonLat = [a.longitude, a.latitude]
      const to: LonLat = [b.longitude, b.latitude]
      const path = leg.impossible ? impossible : normal
      if (path) {
        for (const run of geodesicRuns(from, to, leg.km)) {
          run.forEach((ll, i) => {
            const p = this.projection(ll)
            if (!p) return
            if (i === 0) path.moveTo(p[0], p[1])
            else path.lineTo(p[0], p[1])
          })
        }
      }
      if (leg.km >= 1) {
        const m = this.projection(geodesicMidpoint(from, to))
        if (m) labels.push({ x: m[0], y: m[1], text: legLabel(leg), impossible: leg.impossible, km: leg.km })
      }
    }
    // Impossible legs claim label space first, then the longest.
    labels.sort((p, q) => Number(q.impossible) - Number(p.impossible) || q.km - p.km)
    let x0 = Infinity
    let y0 = Infinity
    let x1 = -Infinity
    let y1 = -Infinity
    const stops: TravelGeometry['stops'] = []
    for (const g of groupStops(tv.stops)) {
      const p = this.projection([g.lon, g.lat])
      if (!p) continue
      stops.push({ x: p[0], y: p[1], label: numbersLabel(g.numbers), indexes: g.numbers.map((n) => n - 1) })
      x0 = Math.min(x0, p[0])
      y0 = Math.min(y0, p[1])
      x1 = Math.max(x1, p[0])
      y1 = Math.max(y1, p[1])
    }
    const bounds: Bounds | null = stops.length
      ? [
          [x0, y0],
          [x1, y1],
        ]
      : null
    this.travelGeo = { normal, impossible, labels, stops, bounds }
    return this.travelGeo
  }

  private drawTravel(
    ctx: CanvasRenderingContext2D,
    v: { s: number; tx: number; ty: number },
    geo: TravelGeometry,
    highlight: ReadonlySet<number>,
  ): void {
    const d = this.dpr
    const th = this.theme
    const px = 1 / v.s
    ctx.setTransform(d * v.s, 0, 0, d * v.s, d * v.tx, d * v.ty)
    ctx.lineJoin = 'round'
    ctx.lineCap = 'round'
    if (geo.normal) {
      ctx.strokeStyle = th.bg
      ctx.lineWidth = 4 * px
      ctx.globalAlpha = 0.7
      ctx.stroke(geo.normal)
      ctx.globalAlpha = 1
      ctx.strokeStyle = th.text2
      ctx.lineWidth = 1.75 * px
      ctx.stroke(geo.normal)
    }
    if (geo.impossible) {
      ctx.strokeStyle = th.danger
      ctx.lineWidth = 2.25 * px
      ctx.setLineDash([7 * px, 5 * px])
      ctx.stroke(geo.impossible)
      ctx.setLineDash([])
    }

    ctx.setTransform(d, 0, 0, d, 0, 0)
    ctx.font = `500 11px ${th.font}`
    ctx.textAlign = 'center'
    ctx.textBaseline = 'middle'
    const taken: number[][] = []
    // Stop markers take their space first so labels do not cover them.
    const stopBoxes = geo.stops.map((s) => {
      const x = s.x * v.s + v.tx
      const y = s.y * v.s + v.ty
      const w = Math.max(18, ctx.measureText(s.label).width + 10)
      return { s, x, y, w, box: [x - w / 2, y - 9, w, 18] }
    })
    for (const b of stopBoxes) taken.push(b.box)
    for (const l of geo.labels) {
      const x = l.x * v.s + v.tx
      const y = l.y * v.s + v.ty
      if (x < 0 || y < 0 || x > this.width || y > this.height) continue
      const w = ctx.measureText(l.text).width + 10
      const box = [x - w / 2, y - 8, w, 16]
      if (taken.some((t) => overlaps(t, box))) continue
      taken.push(box)
      ctx.globalAlpha = 0.88
      ctx.fillStyle = th.bg
      roundRect(ctx, box[0], box[1], box[2], box[3], 8)
      ctx.fill()
      ctx.globalAlpha = 1
      ctx.strokeStyle = l.impossible ? th.danger : th.border
      ctx.lineWidth = 1
      ctx.stroke()
      ctx.fillStyle = l.impossible ? th.danger : th.text
      ctx.fillText(l.text, x, y + 0.5)
    }

    ctx.font = `700 10.5px ${th.font}`
    for (const { s, x, y, w } of stopBoxes) {
      if (x < -w || y < -10 || x > this.width + w || y > this.height + 10) continue
      const lit = s.indexes.some((i) => highlight.has(i))
      roundRect(ctx, x - w / 2, y - 9, w, 18, 9)
      ctx.fillStyle = lit ? th.accent : th.bg
      ctx.fill()
      ctx.strokeStyle = lit ? th.accent : th.text
      ctx.lineWidth = 1.5
      ctx.stroke()
      ctx.fillStyle = lit ? th.bg : th.text
      ctx.fillText(s.label, x, y + 0.5)
    }
  }
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  const rr = Math.min(r, w / 2, h / 2)
  ctx.beginPath()
  ctx.moveTo(x + rr, y)
  ctx.arcTo(x + w, y, x + w, y + h, rr)
  ctx.arcTo(x + w, y + h, x, y + h, rr)
  ctx.arcTo(x, y + h, x, y, rr)
  ctx.arcTo(x, y, x + w, y, rr)
  ctx.closePath()
}

/**
 * A d3-geo stream sink that files each projected polygon (or, outside polygons, each line) into
 * the tile holding its centre, so a deep zoom draws only the tiles in view. A polygon's rings
 * stay together (holes must be filled with their outer ring).
 */
class TileSink {
  private readonly grid = new Map<number, Chunk>()
  private part: number[] = [] // 0 = move, 1 = line, 2 = close; move and line are followed by x, y
  private x0 = Infinity
  private y0 = Infinity
  private x1 = -Infinity
  private y1 = -Infinity
  private inPolygon = false
  private first = true

  constructor(
    private readonly bounds: Bounds,
    private readonly columns: number,
    private readonly rows: number,
  ) {}

  polygonStart(): void {
    this.inPolygon = true
  }

  polygonEnd(): void {
    this.inPolygon = false
    this.flush()
  }

  lineStart(): void {
    this.first = true
  }

  lineEnd(): void {
    if (this.inPolygon) this.part.push(2)
    else this.flush()
  }

  point(x: number, y: number): void {
    this.part.push(this.first ? 0 : 1, x, y)
    this.first = false
    if (x < this.x0) this.x0 = x
    if (x > this.x1) this.x1 = x
    if (y < this.y0) this.y0 = y
    if (y > this.y1) this.y1 = y
  }

  sphere(): void {}

  private flush(): void {
    const o = this.part
    if (o.length) {
      const [[bx0, by0], [bx1, by1]] = this.bounds
      const col = Math.min(this.columns - 1, Math.max(0, Math.floor((((this.x0 + this.x1) / 2 - bx0) / (bx1 - bx0)) * this.columns)))
      const row = Math.min(this.rows - 1, Math.max(0, Math.floor((((this.y0 + this.y1) / 2 - by0) / (by1 - by0)) * this.rows)))
      const key = row * this.columns + col
      let tile = this.grid.get(key)
      if (!tile) {
        tile = { path: new Path2D(), x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity }
        this.grid.set(key, tile)
      }
      const p = tile.path
      for (let i = 0; i < o.length; ) {
        const op = o[i]
        if (op === 2) {
          p.closePath()
          i += 1
        } else {
          if (op === 0) p.moveTo(o[i + 1], o[i + 2])
          else p.lineTo(o[i + 1], o[i + 2])
          i += 3
        }
      }
      tile.x0 = Math.min(tile.x0, this.x0)
      tile.y0 = Math.min(tile.y0, this.y0)
      tile.x1 = Math.max(tile.x1, this.x1)
      tile.y1 = Math.max(tile.y1, this.y1)
    }
    this.part = []
    this.x0 = this.y0 = Infinity
    this.x1 = this.y1 = -Infinity
  }

  tiles(): Chunk[] {
    return [...this.grid.values()]
  }
}
