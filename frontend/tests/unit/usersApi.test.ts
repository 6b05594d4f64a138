import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('../../wailsjs/go/app/UsersService', () => ({ Users: vi.fn(), LoginHistory: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn(), EventsOff: vi.fn() }))

import * as Users from '../../wailsjs/go/app/UsersService'
import { ApiError, emptyFilter, sessionsApi, type UsersQuery } from '../../src/api'

const users = vi.mocked(Users.Users)
const q: UsersQuery = { filter: { ...emptyFilter(), connectionIds: [1, 2], user: 'an' }, sort: 'sessions', desc: true, offset: 200, limit: 200 }

describe('sessionsApi.users', () => {
  beforeEach(() => users.mockReset())

  it('passes the query through and clamps the limit to 1..1000', async () => {
    users.mockResolvedValue({ rows: [], total: 0, offset: 200 } as never)
    await sessionsApi.users({ ...q, limit: 5000 })
    expect(users.mock.calls[0][0]).toEqual({ ...q, limit: 1000 })
    await sessionsApi.users({ ...q, limit: 0 })
    expect(users.mock.calls[1][0]).toMatchObject({ limit: 1 })
  })

  it('rows and connections that Go sent as null come out as []', async () => {
    users.mockResolvedValue({ rows: null, total: null, offset: undefined } as never)
    expect(await sessionsApi.users(q)).toEqual({ rows: [], total: 0, offset: 200 })
    users.mockResolvedValue({
      rows: [{ username: 'ann', name: null, connections: null, sessions: 3, countries: 2, lastActiveAt: null }],
      total: 1,
      offset: 0,
    } as never)
    const page = await sessionsApi.users(q)
    expect(page.rows).toEqual([{ username: 'ann', name: '', connections: [], sessions: 3, countries: 2, lastActiveAt: '' }])
    expect(page.total).toBe(1)
  })

  it('failures become ApiError', async () => {
    users.mockRejectedValueOnce({ code: 'db', message: 'database is locked' })
    let err: unknown
    try {
      await sessionsApi.users(q)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe('db')
    expect((err as ApiError).message).toBe('database is locked')
  })
})
