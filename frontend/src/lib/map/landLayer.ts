// The land under the map: ocean, outlines and graticule drawn into an offscreen canvas a margin
// larger than the view, then copied (moved and scaled) while the user pans and zooms. Drawing
// the outlines afresh is the costly part; a copy is one image blit.
import type { AtlasDetail } from './atlas'
import type { Frame, View } from './frame'
import { drawOutlines, type Chunk, type Globe } from './outlines'

/** The land layer reaches this share of the viewport beyond each edge, so panning reuses it. */
const LAYER_MARGIN = 0.25
/** A layer no longer covering the view is drawn again at most this often while moving (ms). */
const LAYER_MIN_AGE_MS = 100

export class LandLayer {
  private canvas: HTMLCanvasElement | null = null
  private ctx: CanvasRenderingContext2D | null = null
  /** What the layer was drawn for (size, ratio, detail, theme); '' = nothing reusable. */
  private base = ''
  private view: View = { s: 1, tx: 0, ty: 0 }
  /** The layer's margin beyond the viewport, CSS px. */
  private mx = 0
  private my = 0
  private at = 0
  /** The next frame draws the land afresh, whatever it costs. */
  private force = false

  /** `outlines` gives the paths of a resolution (built on first use). */
  constructor(private readonly outlines: (detail: AtlasDetail) => Globe) {}

  /** Draws the land afresh on the next frame (after the user stopped moving). */
  refresh(): void {
    this.force = true
  }

  /** Whether the layer, drawn at its own view, still covers the whole viewport under v. */
  private covers(f: Frame, v: View): boolean {
    const lv = this.view
    const r = v.s / lv.s
    if (r < 0.5 || r > 4) return false // too blurry, or too much of it would be missing
    const ox = v.tx - (lv.tx + this.mx) * r
    const oy = v.ty - (lv.ty + this.my) * r
    return (
      ox <= 0 &&
      oy <= 0 &&
      ox + (f.width + 2 * this.mx) * r >= f.width &&
      oy + (f.height + 2 * this.my) * r >= f.height
    )
  }

  /**
   * Draws the land from the offscreen layer. The layer is drawn afresh when the size, theme or
   * outlines changed, when it no longer covers the view (at most every LAYER_MIN_AGE_MS), or when
   * asked (refresh, after the user stopped moving); otherwise it is moved and scaled, which
   * costs one image copy. Returns whether the land shown is such a stand-in.
   */
  draw(ctx: CanvasRenderingContext2D, f: Frame, v: View, detail: AtlasDetail, base: string): boolean {
    const lv = this.view
    const same = base === this.base && lv.s === v.s && lv.tx === v.tx && lv.ty === v.ty
    let pending = false
    if (!same) {
      const reusable = base === this.base && !this.force
      if (reusable && (this.covers(f, v) || performance.now() - this.at < LAYER_MIN_AGE_MS)) pending = true
      else this.render(f, v, detail, base)
    }
    this.force = false
    if (!this.canvas || !this.base) return pending
    const r = v.s / this.view.s
    const d = f.dpr
    ctx.setTransform(
      r,
      0,
      0,
      r,
      d * (v.tx - (this.view.tx + this.mx) * r),
      d * (v.ty - (this.view.ty + this.my) * r),
    )
    ctx.drawImage(this.canvas, 0, 0)
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    return pending
  }

  private render(f: Frame, v: View, detail: AtlasDetail, base: string): void {
    if (!this.canvas) {
      this.canvas = document.createElement('canvas')
      this.ctx = this.canvas.getContext('2d')
    }
    const lc = this.ctx
    if (!lc) return
    const d = f.dpr
    const mx = Math.round(f.width * LAYER_MARGIN)
    const my = Math.round(f.height * LAYER_MARGIN)
    const W = Math.round((f.width + 2 * mx) * d)
    const H = Math.round((f.height + 2 * my) * d)
    if (this.canvas.width !== W || this.canvas.height !== H) {
      this.canvas.width = W
      this.canvas.height = H
    }
    lc.setTransform(1, 0, 0, 1, 0, 0)
    lc.clearRect(0, 0, W, H)
    const globe = this.outlines(detail)
    const th = f.theme
    lc.setTransform(d * v.s, 0, 0, d * v.s, d * (v.tx + mx), d * (v.ty + my))
    const px = 1 / v.s // one CSS pixel in reference units
    // The layer's area in reference coordinates: only tiles inside it are drawn.
    const area = {
      x0: (-mx - v.tx) / v.s,
      y0: (-my - v.ty) / v.s,
      x1: (f.width + mx - v.tx) / v.s,
      y1: (f.height + my - v.ty) / v.s,
    }
    const visible = (c: Chunk): boolean => c.x1 >= area.x0 && c.x0 <= area.x1 && c.y1 >= area.y0 && c.y0 <= area.y1
    drawOutlines(lc, globe, th, px, visible)
    // Without outlines yet (atlas loading) the layer is never reused: the next frame tries again.
    this.base = globe.paths ? base : ''
    this.view = { ...v }
    this.mx = mx
    this.my = my
    this.at = performance.now()
  }
}
