import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/UsersService', () => ({ Users: vi.fn(), LoginHistory: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/go/app/SettingsService', () => ({ Preference: vi.fn(), SetPreference: vi.fn() }))

import * as Sessions from '../../wailsjs/go/app/SessionsService'
import { useUserSelectionStore } from '../../src/stores/userSelection'
import { useFiltersStore } from '../../src/stores/filters'
import { useUsersStore } from '../../src/stores/users'
import type { SessionQuery, UserRow } from '../../src/api/types'
import { makeRow } from './support/fixtures'

const user = (name: string): UserRow => ({ username: name, name: '', connections: ['Org 1'], sessions: 2, countries: 1, lastActiveAt: '' })

describe('user selection store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    // Each user holds two sessions, one of them the admin's own for "boss".
    vi.mocked(Sessions.Query).mockReset().mockImplementation((async (q: SessionQuery) => {
      const name = q.filter.username
      const rows = [makeRow(10, 1), makeRow(11, 2)].map((r, i) => ({ ...r, id: `${name}-${i}`, username: name, isCurrent: name === 'boss' && i === 0, endedAt: '' }))
      return { rows, total: rows.length, offset: q.offset }
    }) as never)
  })

  it('one ticked user is a per-user action across orgs', async () => {
    const s = useUserSelectionStore()
    s.toggle(user('ann'), 0, false)
    const a = await s.toAction(false)
    expect(a.userWide).toBe(true)
    expect(a.selection).toEqual({ keys: [], filter: null, user: 'ann', exclude: [] })
    expect(Sessions.Query).not.toHaveBeenCalled()
  })

  it('several ticked users become their sessions, never the admin\'s own', async () => {
    const s = useUserSelectionStore()
    s.toggle(user('ann'), 0, false)
    s.toggle(user('boss'), 1, false)
    const a = await s.toAction(true)
    expect(a.contain).toBe(true)
    expect(a.userWide).toBe(false)
    expect(a.selection.keys.map((k) => k.sessionId)).toEqual(['ann-0', 'ann-1', 'boss-1'])
  })

  it('all matching keeps the filter; unticked users become excluded sessions; a filter change clears', async () => {
    const filters = useFiltersStore()
    filters.patch({ connectionIds: [1], countries: ['FR'] })
    const s = useUserSelectionStore()
    s.selectAllMatching(500)
    expect(s.count).toBe(500)
    s.toggle(user('ann'), 3, false)
    expect(s.count).toBe(499)
    const a = await s.toAction(false)
    expect(a.selection.filter).toMatchObject({ connectionIds: [1], countries: ['FR'] })
    expect(a.selection.exclude.map((k) => k.sessionId)).toEqual(['ann-0', 'ann-1'])
    filters.set('countries', ['DE'])
    expect(s.mode).toBe('none')
    s.selectAllMatching(5)
    useUsersStore().setFilter('bo')
    expect(s.mode).toBe('none')
  })
})
