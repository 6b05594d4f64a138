// The travel path of one user on the map: legs along great circles (impossible ones dashed in
// red), a label per leg where there is room, and numbered stops.
import type { GeoProjection } from 'd3-geo'
import type { TravelView } from '../../api'
import { geodesicMidpoint, geodesicRuns, groupStops, legLabel, numbersLabel, overlaps, type Bounds, type LonLat } from './geo'
import { canUsePath2D } from './outlines'
import type { Frame, View } from './frame'

export interface TravelGeometry {
  normal: Path2D | null
  impossible: Path2D | null
  /** Per leg: label anchor (reference coords), text, impossible, length. */
  labels: Array<{ x: number; y: number; text: string; impossible: boolean; km: number }>
  stops: Array<{ x: number; y: number; label: string; indexes: number[] }>
  bounds: Bounds | null
}

/** Projects the legs and stops once (reference coordinates); the view only transforms them. */
export function travelGeometry(tv: TravelView, projection: GeoProjection): TravelGeometry {
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
          const p = projection(ll)
          if (!p) return
          if (i === 0) path.moveTo(p[0], p[1])
          else path.lineTo(p[0], p[1])
        })
      }
    }
    if (leg.km >= 1) {
      const m = projection(geodesicMidpoint(from, to))
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
    const p = projection([g.lon, g.lat])
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
  return { normal, impossible, labels, stops, bounds }
}

/** Draws the legs, then the stops, then the labels that fit between them. */
export function drawTravel(
  ctx: CanvasRenderingContext2D,
  frame: Frame,
  v: View,
  geo: TravelGeometry,
  highlight: ReadonlySet<number>,
): void {
  const d = frame.dpr
  const th = frame.theme
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
    if (x < 0 || y < 0 || x > frame.width || y > frame.height) continue
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
    if (x < -w || y < -10 || x > frame.width + w || y > frame.height + 10) continue
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

export function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  const rr = Math.min(r, w / 2, h / 2)
  ctx.beginPath()
  ctx.moveTo(x + rr, y)
  ctx.arcTo(x + w, y, x + w, y + h, rr)
  ctx.arcTo(x + w, y + h, x, y + h, rr)
  ctx.arcTo(x, y + h, x, y, rr)
  ctx.arcTo(x, y, x + w, y, rr)
  ctx.closePath()
}
