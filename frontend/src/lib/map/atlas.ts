// The world outlines, bundled with the app (no network): Natural Earth via world-atlas, as
// TopoJSON text. Each resolution is its own chunk, loaded the first time the map needs it:
// 1:110m for the world view, 1:50m once the user zooms in.
import { feature, mesh } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import type { FeatureCollection, MultiLineString, Feature, Geometry } from 'geojson'

export type AtlasDetail = '110m' | '50m'

export interface Atlas {
  detail: AtlasDetail
  land: FeatureCollection | Feature<Geometry>
  /** Borders between countries (each shared edge once; coastlines excluded). */
  borders: MultiLineString
}

/** The zoom from which the finer outlines are worth drawing. */
export const DETAIL_ZOOM = 4

const sources: Record<AtlasDetail, () => Promise<string>> = {
  // ?raw: the JSON arrives as a string (JSON.parse is quicker than a JS literal, and the
  // compiler does not have to type a megabyte of coordinates).
  '110m': () => import('world-atlas/countries-110m.json?raw').then((m) => m.default),
  '50m': () => import('world-atlas/countries-50m.json?raw').then((m) => m.default),
}

/** Turns world-atlas TopoJSON text into land and borders. */
export function parseAtlas(detail: AtlasDetail, text: string): Atlas {
  const topo = JSON.parse(text) as Topology<{ countries: GeometryCollection; land: GeometryCollection }>
  return {
    detail,
    land: feature(topo, topo.objects.land),
    borders: mesh(topo, topo.objects.countries, (a, b) => a !== b),
  }
}

const cache = new Map<AtlasDetail, Promise<Atlas>>()

/** Loads (once) and parses one resolution. */
export function loadAtlas(detail: AtlasDetail): Promise<Atlas> {
  let p = cache.get(detail)
  if (!p) {
    p = sources[detail]().then((text) => parseAtlas(detail, text))
    p.catch(() => cache.delete(detail))
    cache.set(detail, p)
  }
  return p
}
