import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/go/app/SettingsService', () => ({ Preference: vi.fn(), SetPreference: vi.fn() }))

import { MAX_TICKED, useSelectionStore } from '../../src/stores/selection'
import { useFiltersStore } from '../../src/stores/filters'
import type { SessionRow } from '../../src/api/types'
import { makeRow } from './support/fixtures'

/** Rows 0..n-1 as the table's window cache holds them (row 1 is the admin's own, row 2 ended). */
function source(n: number, connectionOf = (i: number) => (i % 2 ? 1 : 2)) {
  const rows = new Map<number, SessionRow>()
  for (let i = 0; i < n; i++) rows.set(i, makeRow(i, connectionOf(i)))
  return { rowAt: (i: number) => rows.get(i), rows }
}

describe('selection store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('ticks rows one by one across orgs and sends them as keys', () => {
    const s = useSelectionStore()
    const src = source(10)
    s.toggle(src.rowAt(3)!, 3, false, src)
    s.toggle(src.rowAt(4)!, 4, false, src)
    expect(s.mode).toBe('keys')
    expect(s.count).toBe(2)
    expect(s.orgCount).toBe(2)
    expect(s.toSelection()).toEqual({
      keys: [{ connectionId: 1, sessionId: 'S3' }, { connectionId: 2, sessionId: 'S4' }],
      filter: null, user: '', exclude: [],
    })
    s.toggle(src.rowAt(3)!, 3, false, src)
    expect(s.count).toBe(1)
    s.toggle(src.rowAt(4)!, 4, false, src)
    expect(s.mode).toBe('none')
  })

  it('shift-click ticks the range from the last row clicked, skipping the own and ended sessions', () => {
    const s = useSelectionStore()
    const src = source(20)
    s.toggle(src.rowAt(0)!, 0, false, src)
    s.toggle(src.rowAt(6)!, 6, true, src)
    // 0..6 less row 1 (own session) and row 2 (ended).
    expect([...s.keys.values()].map((k) => k.sessionId)).toEqual(['S0', 'S3', 'S4', 'S5', 'S6'])
    // A shift-click on a ticked row unticks the range from the anchor to it.
    s.toggle(src.rowAt(4)!, 4, true, src)
    expect([...s.keys.values()].map((k) => k.sessionId)).toEqual(['S0', 'S3'])
    // Upwards too; rows not loaded are counted and left alone.
    src.rows.delete(9)
    expect(s.toggle(src.rowAt(12)!, 12, false, src)).toBe(0)
    expect(s.toggle(src.rowAt(8)!, 8, true, src)).toBe(1)
    expect(['S8', 'S10', 'S11', 'S12'].every((id) => [...s.keys.values()].some((k) => k.sessionId === id))).toBe(true)
  })

  it('never ticks the admin\'s own session', () => {
    const s = useSelectionStore()
    const src = source(3)
    s.toggle(src.rowAt(1)!, 1, false, src)
    expect(s.count).toBe(0)
    expect(s.isTicked(src.rowAt(1)!)).toBe(false)
  })

  it('select all matching keeps the filter and the unticked rows, not the ids', () => {
    const filters = useFiltersStore()
    filters.patch({ connectionIds: [1, 2], countries: ['DE'] })
    const s = useSelectionStore()
    const src = source(10)
    s.selectAllMatching(250000)
    expect(s.mode).toBe('filter')
    expect(s.count).toBe(250000)
    expect(s.isTicked(src.rowAt(5)!)).toBe(true)
    s.toggle(src.rowAt(5)!, 5, false, src)
    s.toggle(src.rowAt(7)!, 7, false, src)
    expect(s.count).toBe(249998)
    const sel = s.toSelection()
    expect(sel.keys).toEqual([])
    expect(sel.filter?.connectionIds).toEqual([1, 2])
    expect(sel.filter?.countries).toEqual(['DE'])
    expect(sel.exclude).toEqual([{ connectionId: 1, sessionId: 'S5' }, { connectionId: 1, sessionId: 'S7' }])
    // Ticking an unticked row again takes it off the exclusions.
    s.toggle(src.rowAt(5)!, 5, false, src)
    expect(s.toSelection().exclude).toEqual([{ connectionId: 1, sessionId: 'S7' }])
    // The filter is a copy: later changes of the shared filter do not change what was chosen.
    expect(sel.filter).not.toBe(filters.filter)
  })

  it('clears on any filter change (org, chip, search)', () => {
    const filters = useFiltersStore()
    const s = useSelectionStore()
    const src = source(5)
    s.toggle(src.rowAt(3)!, 3, false, src)
    filters.set('ip', '10.0.')
    expect(s.count).toBe(0)
    expect(s.mode).toBe('none')
    s.selectAllMatching(40)
    filters.set('connectionIds', [2])
    expect(s.mode).toBe('none')
    expect(s.toSelection().filter).toBeNull()
  })

  it('refuses more ticked rows than the backend takes and says to select by filter', () => {
    const s = useSelectionStore()
    for (let i = 3; i < MAX_TICKED + 3; i++) s.keys.set(`1:S${i}`, { connectionId: 1, sessionId: `S${i}` })
    s.mode = 'keys'
    const src = source(1)
    const row = makeRow(MAX_TICKED + 50)
    s.toggle(row, 0, false, src)
    expect(s.count).toBe(MAX_TICKED)
    expect(s.notice).toContain('select all matching a filter')
  })
})
