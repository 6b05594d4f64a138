// What the map's tooltip shows and where it sits, without Vue.
import type { MapPlace, PlaceUser } from '../../api'

/** The hovered circle: one place, or a cluster of places. */
export interface MapTip {
  x: number
  y: number
  /** The hovered circle's places, largest first (at most 6 shown). */
  places: MapPlace[]
  count: number
  sessions: number
  users: number
}

/** The top users of the hovered place, loaded on demand. */
export interface MapTipUsers {
  place: string
  state: 'loading' | 'ok' | 'error'
  users: PlaceUser[]
}

/** Beside the pointer, flipped to the other side near the right and bottom edges (w × h canvas). */
export function tipPosition(tip: MapTip, w: number, h: number): Record<string, string> {
  const flipX = tip.x > w - 270
  const flipY = tip.y > h - 170
  return {
    left: `${tip.x + (flipX ? -14 : 14)}px`,
    top: `${tip.y + (flipY ? -14 : 14)}px`,
    transform: `translate(${flipX ? '-100%' : '0'}, ${flipY ? '-100%' : '0'})`,
  }
}

/** A place in a cluster's list: city (or region) and country code. */
export function shortPlace(p: MapPlace): string {
  return [p.city || p.subdivision, p.countryCode || p.country].filter(Boolean).join(', ') || p.place
}
