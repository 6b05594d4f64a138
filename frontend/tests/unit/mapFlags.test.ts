import { describe, expect, it } from 'vitest'
import { flaggedItems, type DrawnItem } from '../../src/lib/map/placesLayer'

function item(members: number[]): DrawnItem {
  return { x: 10, y: 10, r: 6, cluster: { seed: members[0], members, weight: members.length, x: 10, y: 10 } }
}

describe('flagged places on the map', () => {
  const places = [{ place: 'fr|paris' }, { place: 'ru|moscow' }, { place: 'us|new york' }, { place: 'sg|singapore' }]

  it('rings the circles holding a place with flagged sessions, clusters included', () => {
    const paris = item([0])
    const cluster = item([2, 1]) // New York merged with Moscow at this zoom
    const singapore = item([3])
    const got = flaggedItems([paris, cluster, singapore], places, { 'ru|moscow': 2, 'sg|singapore': 1 })
    expect(got).toEqual([cluster, singapore])
  })

  it('rings nothing when nothing is flagged or a count is zero', () => {
    expect(flaggedItems([item([0]), item([1])], places, {})).toEqual([])
    expect(flaggedItems([item([0])], places, { 'fr|paris': 0 })).toEqual([])
  })
})
