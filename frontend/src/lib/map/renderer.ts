// Draws the session map on a 2D canvas. Everything geographic is projected once, into a fixed
// reference frame (Natural Earth, 1000 units wide); zoom, pan and the fit to the canvas are one
// affine transform on top, so panning never re-projects anything. The land is drawn into an
// offscreen layer that is reused while only the transform changes (landLayer.ts); the other
// layers' drawing lives beside it: placesLayer.ts (circles), travelLayer.ts (a user's path).
import { geoNaturalEarth1, geoPath, type GeoPermissibleObjects, type GeoProjection } from 'd3-geo'
import type { MapPlace, TravelView } from '../../api'
import { DETAIL_ZOOM, type Atlas, type AtlasDetail } from './atlas'
import type { Frame } from './frame'
import { CLUSTER_CELL, HitGrid, MAX_ZOOM, clusterPoints, heaviestFirst, radiusFor, type Bounds, type Cluster, type Transform, type WeightedPoint } from './geo'
import { LandLayer } from './landLayer'
import { canUsePath2D, globePaths, projectTiles, type LandPaths } from './outlines'
import { drawPlaces, flaggedItems, type DrawnItem, type Ring } from './placesLayer'
import { FALLBACK_THEME, type MapTheme } from './theme'
import { drawTravel, travelGeometry, type TravelGeometry } from './travelLayer'

export type { DrawnItem } from './placesLayer'

const REF_WIDTH = 1000
const SPHERE: GeoPermissibleObjects = { type: 'Sphere' }
const PADDING = 8

export interface FrameState {
  t: Transform
  /** Place key hovered (on the map or in the list); '' = none. */
  hoveredPlace: string
  /** The place filter; '' = none. */
  selectedPlace: string
  showTravel: boolean
  /** Stop indexes to ring (the selected session's login). */
  highlightStops: ReadonlySet<number>
  /** Flagged sessions per place key: those places are ringed in the danger colour. */
  flagged?: Readonly<Record<string, number>>
}

export interface FrameResult {
  /** The land was drawn from a stretched layer: draw again soon for a sharp one. */
  landPending: boolean
  /** The view is zoomed far enough for finer outlines, which are not loaded yet. */
  wantsDetail: boolean
}

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

  private theme: MapTheme = FALLBACK_THEME
  private themeVersion = 0

  private readonly atlases = new Map<AtlasDetail, Atlas>()
  private readonly landPaths = new Map<AtlasDetail, LandPaths>()
  private sphere: Path2D | null = null
  private graticule: Path2D | null = null

  private readonly land = new LandLayer((detail) => {
    this.ensureGlobe()
    return { sphere: this.sphere, graticule: this.graticule, paths: this.ensureLandPaths(detail) ?? this.ensureLandPaths('110m') }
  })

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
    const geo = this.travelPath()
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
    const landPending = this.land.draw(ctx, this.frame, v, detail, `${this.width}x${this.height}|${this.dpr}|${detail}|${this.themeVersion}`)
    const travel = state.showTravel ? this.travelPath() : null
    const rings: Ring[] = []
    if (state.flagged) {
      for (const item of flaggedItems(this.items, this.places, state.flagged)) rings.push({ item, color: this.theme.danger, width: 1.5 })
    }
    const selected = this.itemOf(state.selectedPlace)
    if (selected) rings.push({ item: selected, color: this.theme.selected, width: 2.5 })
    const hovered = this.itemOf(state.hoveredPlace)
    if (hovered) rings.push({ item: hovered, color: this.theme.text, width: 1.5 })
    drawPlaces(ctx, this.frame, this.items, travel !== null && travel.stops.length > 0, rings)
    if (travel) drawTravel(ctx, this.frame, v, travel, state.highlightStops)
    return { landPending, wantsDetail }
  }

  private get frame(): Frame {
    return { width: this.width, height: this.height, dpr: this.dpr, theme: this.theme }
  }

  /** The travel path in reference coordinates, projected once per path. */
  private travelPath(): TravelGeometry | null {
    const tv = this.travel
    if (!tv || tv.stops.length === 0) return null
    this.travelGeo ??= travelGeometry(tv, this.projection)
    return this.travelGeo
  }

  /** The drawn item holding a place, if it is on screen. */
  private itemOf(place: string): DrawnItem | undefined {
    if (!place) return undefined
    const i = this.placeIndex.get(place)
    const cache = this.clusterCache
    if (i === undefined || !cache) return undefined
    const cluster = cache.clusters[cache.clusterOf[i]]
    return cluster ? this.items.find((x) => x.cluster === cluster) : undefined
  }

  /** Draws the land afresh on the next frame (after the user stopped moving). */
  refreshLand(): void {
    this.land.refresh()
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
    const paths = { land: projectTiles(atlas.land, this.outlineProjection, this.refBounds), borders: projectTiles(atlas.borders, this.outlineProjection, this.refBounds) }
    this.landPaths.set(detail, paths)
    return paths
  }

  private ensureGlobe(): void {
    if (this.sphere || !canUsePath2D()) return
    const { sphere, graticule } = globePaths(this.outlineProjection)
    this.sphere = sphere
    this.graticule = graticule
  }

  /** Builds the outlines of a loaded resolution ahead of need (at idle time). */
  prepare(detail: AtlasDetail): void {
    this.ensureGlobe()
    this.ensureLandPaths(detail)
  }
}
