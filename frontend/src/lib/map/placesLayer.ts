// The places on the map: a circle per place or cluster (sized by sessions, the count inside when
// it fits), and rings around the hovered and the filtered place.
import { compactCount, type Circle, type Cluster } from './geo'
import type { Frame } from './frame'

/** One circle on screen: a place, or several places merged. */
export interface DrawnItem extends Circle {
  cluster: Cluster
}

/** A ring around an item, e.g. the place filter's. */
export interface Ring {
  item: DrawnItem
  color: string
  width: number
}

/**
 * The items holding at least one place with flagged sessions (flagged: their number per place
 * key), in drawing order: each gets the danger ring, so what is suspicious shows on the map.
 */
export function flaggedItems(items: readonly DrawnItem[], places: readonly { place: string }[],
  flagged: Readonly<Record<string, number>>): DrawnItem[] {
  return items.filter((it) => it.cluster.members.some((i) => (flagged[places[i]?.place ?? ''] ?? 0) > 0))
}

/** Draws the items (dimmed under a travel path), then the rings. */
export function drawPlaces(ctx: CanvasRenderingContext2D, frame: Frame, items: readonly DrawnItem[], dim: boolean, rings: readonly Ring[]): void {
  const d = frame.dpr
  const th = frame.theme
  ctx.setTransform(d, 0, 0, d, 0, 0)
  const fillAlpha = dim ? 0.22 : 0.5
  const strokeAlpha = dim ? 0.4 : 0.95
  ctx.fillStyle = th.accent
  ctx.strokeStyle = th.accent
  ctx.lineWidth = 1
  const labels: DrawnItem[] = []
  for (const it of items) {
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

  for (const { item, color, width } of rings) {
    ctx.beginPath()
    ctx.arc(item.x, item.y, item.r + 2.5, 0, Math.PI * 2)
    ctx.strokeStyle = color
    ctx.lineWidth = width
    ctx.stroke()
  }
}
