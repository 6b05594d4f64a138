import { describe, expect, it } from 'vitest'
import { shortPlace, tipPosition, type MapTip } from '../../src/lib/map/tooltip'
import type { MapPlace } from '../../src/api'

const tip = (x: number, y: number): MapTip => ({ x, y, places: [], count: 1, sessions: 3, users: 2 })

describe('map tooltip', () => {
  it('sits below right of the pointer, and flips near the right and bottom edges', () => {
    expect(tipPosition(tip(100, 50), 1000, 600)).toEqual({ left: '114px', top: '64px', transform: 'translate(0, 0)' })
    expect(tipPosition(tip(900, 50), 1000, 600)).toEqual({ left: '886px', top: '64px', transform: 'translate(-100%, 0)' })
    expect(tipPosition(tip(100, 500), 1000, 600)).toEqual({ left: '114px', top: '486px', transform: 'translate(0, -100%)' })
  })

  it('names a place by city or region and country code, else by its key', () => {
    const p = { place: 'k1', city: 'Lyon', subdivision: 'Rhône', countryCode: 'FR', country: 'France' } as MapPlace
    expect(shortPlace(p)).toBe('Lyon, FR')
    expect(shortPlace({ ...p, city: '' })).toBe('Rhône, FR')
    expect(shortPlace({ ...p, city: '', subdivision: '', countryCode: '', country: '' })).toBe('k1')
  })
})
