// The world's outlines as Path2D in the map's reference frame: land and borders cut into tiles
// (each with its bounds, so a deep zoom draws only the tiles in view), the globe's edge and the
// graticule.
import { geoGraticule10, geoPath, geoStream, type GeoPermissibleObjects, type GeoProjection } from 'd3-geo'
import type { Bounds } from './geo'
import type { MapTheme } from './theme'

/** Land outlines are grouped into this many tiles (columns × rows), culled against the view. */
const TILE_COLUMNS = 8
const TILE_ROWS = 4

export /** Part of the outlines with its bounds in reference coordinates (drawn only when in view). */
interface Chunk {
  path: Path2D
  x0: number
  y0: number
  x1: number
  y1: number
}

export interface LandPaths {
  land: Chunk[]
  borders: Chunk[]
}

/** What the land layer draws: the globe's edge, the graticule and, once loaded, the outlines. */
export interface Globe {
  sphere: Path2D | null
  graticule: Path2D | null
  paths: LandPaths | null
}

export const canUsePath2D = (): boolean => typeof Path2D !== 'undefined'

/** Projects an object in one stream pass into a grid of Path2D tiles, each with its bounds. */
export function projectTiles(object: unknown, projection: GeoProjection, bounds: Bounds): Chunk[] {
  const sink = new TileSink(bounds, TILE_COLUMNS, TILE_ROWS)
  geoStream(object as GeoPermissibleObjects, projection.stream(sink as never))
  return sink.tiles()
}

/** The globe's outline and the graticule (lines every 10°). */
export function globePaths(projection: GeoProjection): { sphere: Path2D; graticule: Path2D } {
  // The outline: down the east edge (±180°) and up the west one, a point per degree; the
  // poles are straight lines in this projection.
  const sphere = new Path2D()
  for (let lat = 90; lat >= -90; lat--) {
    const [x, y] = projection([180, lat]) ?? [0, 0]
    if (lat === 90) sphere.moveTo(x, y)
    else sphere.lineTo(x, y)
  }
  for (let lat = -90; lat <= 90; lat++) {
    const [x, y] = projection([-180, lat]) ?? [0, 0]
    sphere.lineTo(x, y)
  }
  sphere.closePath()
  // Graticule lines come sampled every 2.5°: no resampling needed either.
  const graticule = new Path2D()
  geoPath(projection, graticule as never)(geoGraticule10())
  return { sphere, graticule }
}

/**
 * Draws the ocean, the graticule, the land and borders of the tiles `visible` keeps, and the
 * globe's edge, in the context's current (reference → layer) transform. `px` is one CSS pixel in
 * reference units.
 */
export function drawOutlines(
  lc: CanvasRenderingContext2D,
  globe: Globe,
  th: MapTheme,
  px: number,
  visible: (c: Chunk) => boolean,
): void {
  if (globe.sphere) {
    lc.fillStyle = th.ocean
    lc.fill(globe.sphere)
  }
  if (globe.graticule) {
    lc.globalAlpha = 0.35
    lc.strokeStyle = th.border
    lc.lineWidth = 0.75 * px
    lc.stroke(globe.graticule)
    lc.globalAlpha = 1
  }
  if (globe.paths) {
    const land = globe.paths.land.filter(visible)
    const borders = globe.paths.borders.filter(visible)
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
  if (globe.sphere) {
    lc.strokeStyle = th.border
    lc.lineWidth = px
    lc.stroke(globe.sphere)
  }
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
