import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('../../wailsjs/go/app/WorkspaceService', () => ({ Connections: vi.fn(), Kinds: vi.fn(), OpenDemo: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/go/app/RefreshService', () => ({ Start: vi.fn(), Cancel: vi.fn() }))
vi.mock('../../wailsjs/go/app/SignOutService', () => ({ SignOutSession: vi.fn() }))
vi.mock('../../wailsjs/go/app/AuditService', () => ({ Entries: vi.fn() }))
vi.mock('../../wailsjs/go/app/SettingsService', () => ({ Theme: vi.fn(), SetTheme: vi.fn(), About: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn(), EventsOff: vi.fn() }))

import * as Workspace from '../../wailsjs/go/app/WorkspaceService'
import * as Sessions from '../../wailsjs/go/app/SessionsService'
import * as Refresh from '../../wailsjs/go/app/RefreshService'
import * as SignOut from '../../wailsjs/go/app/SignOutService'
import * as Audit from '../../wailsjs/go/app/AuditService'
import * as Settings from '../../wailsjs/go/app/SettingsService'
import * as Runtime from '../../wailsjs/runtime/runtime'
import {
  ApiError,
  describeError,
  emptyFilter,
  onRefreshDone,
  onRefreshProgress,
  refreshApi,
  sessionsApi,
  settingsApi,
  signOutApi,
  toApiError,
  workspaceApi,
} from '../../src/api'

const m = <T extends (...args: never[]) => unknown>(fn: T) => vi.mocked(fn)

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toBeInstanceOf(Error)
    return e as ApiError
  }
  throw new Error('expected a rejection')
}

describe('toApiError', () => {
  it('keeps the Go error formatter shape {code, message}', () => {
    const e = toApiError({ code: 'auth', message: 'Sign in again to Acme.' })
    expect(e).toBeInstanceOf(ApiError)
    expect(e.code).toBe('auth')
    expect(e.message).toBe('Sign in again to Acme.')
  })

  it('parses the same shape when it arrives as a JSON string', () => {
    const e = toApiError('{"code":"rate_limit","message":"API limit reached"}')
    expect([e.code, e.message]).toEqual(['rate_limit', 'API limit reached'])
  })

  it('turns a plain string into code "internal" with the string as message', () => {
    const e = toApiError('database is locked')
    expect([e.code, e.message]).toEqual(['internal', 'database is locked'])
  })

  it('keeps a string that only looks like JSON as the message', () => {
    expect(toApiError('{not json').message).toBe('{not json')
  })

  it('takes the message (and a string code, if any) from an Error', () => {
    expect(toApiError(new TypeError('x is undefined'))).toMatchObject({ code: 'internal', message: 'x is undefined' })
    const coded = Object.assign(new Error('gone'), { code: 'not_found' })
    expect(toApiError(coded)).toMatchObject({ code: 'not_found', message: 'gone' })
  })

  it('returns an ApiError unchanged', () => {
    const e = new ApiError('permission', 'nope')
    expect(toApiError(e)).toBe(e)
  })

  it.each([undefined, null, 42, true, {}, [], { code: 7 }, { message: '' }, ''])('normalises %j to code "internal" with a message', (v) => {
    const e = toApiError(v)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.code).toBe('internal')
    expect(e.message.length).toBeGreaterThan(0)
  })

  it('fills in a message when only a code came', () => {
    const e = toApiError({ code: 'unavailable' })
    expect(e.code).toBe('unavailable')
    expect(e.message).toContain('unavailable')
  })

  it('describeError adds the code unless it is "internal"', () => {
    expect(describeError({ code: 'auth', message: 'Sign in' })).toBe('Sign in [auth]')
    expect(describeError('plain')).toBe('plain')
  })

  it('an Error whose message is the Go formatter\'s JSON gives back its code and message (how Wails rejects)', () => {
    const err = toApiError(new Error(JSON.stringify({ code: 'tampered', message: 'x.ssbundle was changed' })))
    expect(err).toMatchObject({ code: 'tampered', message: 'x.ssbundle was changed' })
    expect(toApiError(new Error('{not json')).message).toBe('{not json')
  })

  it('describeError says what a read-only or refused bundle means', () => {
    const ro = describeError({ code: 'read_only', message: 'this workspace is open read-only: refreshing is not possible here' })
    expect(ro).toContain('refreshing is not possible here')
    expect(ro).toContain('signed bundle, read-only')
    expect(ro.endsWith('[read_only]')).toBe(true)
    expect(describeError({ code: 'tampered', message: 'week.ssbundle was changed after it was signed' }))
      .toBe('week.ssbundle was changed after it was signed. The bundle was refused and nothing of it was opened. [tampered]')
  })
})

describe('api wrappers', () => {
  beforeEach(() => vi.clearAllMocks())

  it('rejections of every shape become ApiError', async () => {
    m(Workspace.Connections).mockRejectedValueOnce({ code: 'internal', message: 'db closed' })
    expect(await rejection(workspaceApi.connections())).toMatchObject({ code: 'internal', message: 'db closed' })

    m(Sessions.Query).mockRejectedValueOnce('bad sort key')
    expect(await rejection(sessionsApi.query({ filter: emptyFilter(), sort: 'x', desc: false, offset: 0, limit: 10 }))).toMatchObject({
      code: 'internal',
      message: 'bad sort key',
    })

    m(SignOut.SignOutSession).mockRejectedValueOnce({ code: 'permission', message: 'Not allowed' })
    expect(await rejection(signOutApi.signOutSession({ connectionId: 1, sessionId: 's', reason: '' }))).toMatchObject({ code: 'permission' })

    m(Refresh.Cancel).mockRejectedValueOnce(new Error('no such job'))
    expect(await rejection(refreshApi.cancel('j1'))).toMatchObject({ code: 'internal', message: 'no such job' })
  })

  it('a synchronous throw (e.g. no Wails bridge) also becomes an ApiError', async () => {
    m(Settings.Theme).mockImplementationOnce(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'app')")
    })
    const e = await rejection(settingsApi.theme())
    expect(e.code).toBe('no_backend') // window.go is absent in this test
  })

  it('Go nil slices (null) come out as empty arrays', async () => {
    m(Workspace.Connections).mockResolvedValueOnce(null as never)
    expect(await workspaceApi.connections()).toEqual([])
    m(Sessions.SessionTypes).mockResolvedValueOnce(null as never)
    expect(await sessionsApi.sessionTypes()).toEqual([])
    m(Audit.Entries).mockResolvedValueOnce(null as never)
    expect(await signOutApi.audit(10)).toEqual([])
    m(Sessions.Query).mockResolvedValueOnce({ rows: null, total: 0, offset: 0 } as never)
    expect((await sessionsApi.query({ filter: emptyFilter(), sort: 'username', desc: false, offset: 0, limit: 200 })).rows).toEqual([])
    m(Sessions.Detail).mockResolvedValueOnce({ session: {}, raw: '{}', userSessions: null, snapshotId: 1, snapshotAt: '', capabilities: {} } as never)
    expect((await sessionsApi.detail(1, 'a')).userSessions).toEqual([])
  })

  it('clamps the query limit to 1..1000 and passes the query through', async () => {
    m(Sessions.Query).mockResolvedValue({ rows: [], total: 0, offset: 0 } as never)
    const q = { filter: { ...emptyFilter(), connectionIds: [2], user: 'ann', sessionType: 'UI', countries: ['DE'] }, sort: 'username', desc: true, offset: 400, limit: 5000 }
    await sessionsApi.query(q)
    expect(m(Sessions.Query).mock.calls[0][0]).toEqual({ ...q, limit: 1000 })
    await sessionsApi.query({ ...q, limit: 0 })
    expect(m(Sessions.Query).mock.calls[1][0].limit).toBe(1)
  })

  it('an unknown stored theme reads as "auto"', async () => {
    m(Settings.Theme).mockResolvedValueOnce('sepia')
    expect(await settingsApi.theme()).toBe('auto')
    m(Settings.Theme).mockResolvedValueOnce('dark')
    expect(await settingsApi.theme()).toBe('dark')
  })

  it('wraps refresh events and returns their unsubscribe function', () => {
    const off = vi.fn()
    m(Runtime.EventsOn).mockReturnValue(off)
    const progress = vi.fn()
    const done = vi.fn()
    const off1 = onRefreshProgress(progress)
    onRefreshDone(done)
    expect(m(Runtime.EventsOn).mock.calls.map((c) => c[0])).toEqual(['refresh:progress', 'refresh:done'])
    const progressCb = m(Runtime.EventsOn).mock.calls[0][1]
    progressCb({ jobId: 'j', connectionId: 1, state: 'running' })
    expect(progress).toHaveBeenCalledWith({ jobId: 'j', connectionId: 1, state: 'running' })
    const doneCb = m(Runtime.EventsOn).mock.calls[1][1]
    doneCb({ jobId: 'j', done: 1, failed: 0, canceled: 0, results: null })
    expect(done).toHaveBeenCalledWith({ jobId: 'j', done: 1, failed: 0, canceled: 0, results: [] })
    off1()
    expect(off).toHaveBeenCalled()
  })

  it('listening without a runtime does not throw', () => {
    m(Runtime.EventsOn).mockImplementationOnce(() => {
      throw new TypeError('window.runtime is undefined')
    })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const off = onRefreshProgress(() => {})
    expect(typeof off).toBe('function')
    expect(() => off()).not.toThrow()
    expect(warn).toHaveBeenCalled()
  })
})
