// What the map's drawing layers share: the view transform and the canvas they draw on.
import type { MapTheme } from './theme'

/** Reference → screen: screen = ref * s + (tx, ty). */
export type View = { s: number; tx: number; ty: number }

/** What a layer needs of the canvas: its CSS size, pixel ratio and colours. */
export interface Frame {
  width: number
  height: number
  dpr: number
  theme: MapTheme
}
