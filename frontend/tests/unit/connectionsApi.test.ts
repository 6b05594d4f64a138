import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('../../wailsjs/go/app/ConnectionsService', () => ({
  Kinds: vi.fn(),
  Get: vi.fn(),
  Add: vi.fn(),
  Update: vi.fn(),
  Test: vi.fn(),
  Remove: vi.fn(),
}))

import * as Conn from '../../wailsjs/go/app/ConnectionsService'
import { ApiError, connectionsApi } from '../../src/api'

const m = <T extends (...args: never[]) => unknown>(fn: T) => vi.mocked(fn)

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError)
    return e as ApiError
  }
  throw new Error('expected a rejection')
}

const form = { id: 0, kind: 'salesforce', name: 'Acme', url: 'https://acme.example', options: {}, secrets: {} }

describe('connectionsApi', () => {
  beforeEach(() => vi.clearAllMocks())

  it('normalises every rejection of the new calls to ApiError {code, message}', async () => {
    m(Conn.Kinds).mockRejectedValueOnce('boom')
    expect(await rejection(connectionsApi.kinds())).toMatchObject({ code: 'internal', message: 'boom' })
    m(Conn.Get).mockRejectedValueOnce({ code: 'not_found', message: 'No such connection' })
    expect(await rejection(connectionsApi.get(9))).toMatchObject({ code: 'not_found', message: 'No such connection' })
    m(Conn.Add).mockRejectedValueOnce('{"code":"internal","message":"a connection named \\"Acme\\" already exists"}')
    expect(await rejection(connectionsApi.add(form))).toMatchObject({ code: 'internal', message: 'a connection named "Acme" already exists' })
    m(Conn.Update).mockRejectedValueOnce(new Error('demo connections cannot be edited'))
    expect(await rejection(connectionsApi.update({ ...form, id: 3 }))).toMatchObject({ code: 'internal', message: 'demo connections cannot be edited' })
    m(Conn.Test).mockRejectedValueOnce({ code: 'not_found' })
    expect(await rejection(connectionsApi.test(3))).toMatchObject({ code: 'not_found' })
    m(Conn.Remove).mockRejectedValueOnce({ code: 'internal', message: 'keyring locked' })
    expect(await rejection(connectionsApi.remove(3))).toMatchObject({ code: 'internal', message: 'keyring locked' })
  })

  it('a synchronous throw without the Wails bridge becomes code "no_backend"', async () => {
    m(Conn.Kinds).mockImplementationOnce(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'app')")
    })
    expect((await rejection(connectionsApi.kinds())).code).toBe('no_backend')
  })

  it('kinds: null options become [] and missing fields get defaults', async () => {
    m(Conn.Kinds).mockResolvedValueOnce([{ kind: 'keycloak', displayName: 'Keycloak', options: null, sessionIdIsSecret: false }] as never)
    expect(await connectionsApi.kinds()).toEqual([{ kind: 'keycloak', displayName: 'Keycloak', options: [], sessionIdIsSecret: false, noLastActive: false, urlHelp: '', signIn: false }])
    m(Conn.Kinds).mockResolvedValueOnce(null as never)
    expect(await connectionsApi.kinds()).toEqual([])
  })

  it('get: null maps become {}', async () => {
    m(Conn.Get).mockResolvedValueOnce({ connection: { id: 1 }, options: null, secretsStored: null } as never)
    expect(await connectionsApi.get(1)).toEqual({ connection: { id: 1 }, options: {}, secretsStored: {} })
  })

  it('add/update send only non-empty secrets, and add always sends id 0', async () => {
    m(Conn.Add).mockResolvedValue({ id: 5 } as never)
    m(Conn.Update).mockResolvedValue({ id: 5 } as never)
    await connectionsApi.add({ ...form, id: 7, name: ' Acme ', options: { client_id: 'abc' }, secrets: { refresh_token: 'tok', client_secret: '' } })
    expect(m(Conn.Add).mock.calls[0][0]).toEqual({
      id: 0, kind: 'salesforce', name: 'Acme', url: 'https://acme.example', options: { client_id: 'abc' }, secrets: { refresh_token: 'tok' },
    })
    await connectionsApi.update({ ...form, id: 5, secrets: { refresh_token: '' } })
    expect(m(Conn.Update).mock.calls[0][0]).toMatchObject({ id: 5, secrets: {} })
  })

  it('test: a failure is a result; Go field names {Name, OK, Hint} are mapped', async () => {
    m(Conn.Test).mockResolvedValueOnce({
      ok: false, signedInAs: 'admin@acme', limits: '', error: '', errorCode: '',
      permissions: [{ Name: 'View Setup', OK: true, Hint: '' }, { Name: 'Manage Users', OK: false, Hint: 'Grant Manage Users' }],
    } as never)
    const r = await connectionsApi.test(1)
    expect(r.permissions).toEqual([
      { name: 'View Setup', ok: true, hint: '' },
      { name: 'Manage Users', ok: false, hint: 'Grant Manage Users' },
    ])
    expect(r.ok).toBe(false)

    m(Conn.Test).mockResolvedValueOnce({ ok: false, signedInAs: '', permissions: null, limits: '', error: 'expired', errorCode: 'auth' } as never)
    expect(await connectionsApi.test(1)).toEqual({ ok: false, signedInAs: '', permissions: [], limits: '', error: 'expired', errorCode: 'auth' })

    m(Conn.Test).mockResolvedValueOnce({ ok: true, signedInAs: 'a', permissions: [{ name: 'x', ok: true, hint: '' }], limits: '5/15000', error: '', errorCode: '' } as never)
    expect(await connectionsApi.test(1)).toMatchObject({ ok: true, permissions: [{ name: 'x', ok: true }] })
  })
})
