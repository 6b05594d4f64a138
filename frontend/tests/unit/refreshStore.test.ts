import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/WorkspaceService', () => ({ Connections: vi.fn(), Kinds: vi.fn(), OpenDemo: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/go/app/RefreshService', () => ({ Start: vi.fn(), Cancel: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn(), EventsOff: vi.fn() }))

import * as Workspace from '../../wailsjs/go/app/WorkspaceService'
import * as Sessions from '../../wailsjs/go/app/SessionsService'
import * as Refresh from '../../wailsjs/go/app/RefreshService'
import * as Runtime from '../../wailsjs/runtime/runtime'
import { setNotifier } from '../../src/composables/notify'
import { useConnectionsStore } from '../../src/stores/connections'
import { useRefreshStore } from '../../src/stores/refresh'
import { useSessionsStore } from '../../src/stores/sessions'
import { fakeQuery, flush } from './support/fixtures'

function listeners() {
  const map = new Map<string, (p: unknown) => void>()
  vi.mocked(Runtime.EventsOn).mockImplementation(((name: string, cb: (p: unknown) => void) => {
    map.set(name, cb)
    return () => map.delete(name)
  }) as never)
  return map
}

const conn = (id: number, name: string) => ({ id, name, kind: 'salesforce', kindName: 'Salesforce', url: '', demo: true, status: 'ok', message: '', lastRefresh: '', sessionCount: 1, capabilities: {} })

describe('refresh store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(Workspace.Connections).mockReset().mockResolvedValue([conn(1, 'Acme'), conn(2, 'Globex')] as never)
    vi.mocked(Sessions.Query).mockReset().mockImplementation(fakeQuery(10) as never)
    vi.mocked(Sessions.SessionTypes).mockReset().mockResolvedValue(['UI'] as never)
    vi.mocked(Refresh.Start).mockReset()
  })

  it('tracks progress per connection and, when done, reloads connections and the table and reports failures', async () => {
    const on = listeners()
    const notices: Array<[string, string]> = []
    setNotifier((kind, n) => notices.push([kind, n.title]))
    await useConnectionsStore().reload()
    const sessions = useSessionsStore()
    sessions.resetRows()
    await flush()
    const refresh = useRefreshStore()
    vi.mocked(Refresh.Start).mockResolvedValue('job-1')

    await refresh.start([])
    expect(Refresh.Start).toHaveBeenCalledWith([])
    expect(refresh.running).toBe(true)
    expect(refresh.progress.map((p) => [p.connection, p.state])).toEqual([
      ['Acme', 'running'],
      ['Globex', 'running'],
    ])

    on.get('refresh:progress')!({ jobId: 'job-1', connectionId: 1, connection: 'Acme', state: 'running', fetched: 50, total: 100, pages: 1, error: '', errorCode: '' })
    expect(refresh.progress[0]).toMatchObject({ fetched: 50, total: 100 })
    expect(refresh.activeConnectionIds.has(1)).toBe(true)

    const connectionsCalls = vi.mocked(Workspace.Connections).mock.calls.length
    const queryCalls = vi.mocked(Sessions.Query).mock.calls.length
    on.get('refresh:done')!({
      jobId: 'job-1',
      done: 1,
      failed: 1,
      canceled: 0,
      results: [
        { jobId: 'job-1', connectionId: 1, connection: 'Acme', state: 'done', fetched: 100, total: 100 },
        { jobId: 'job-1', connectionId: 2, connection: 'Globex', state: 'failed', error: 'Session expired', errorCode: 'auth' },
      ],
    })
    await flush()
    expect(refresh.running).toBe(false)
    expect(refresh.progress).toEqual([])
    expect(vi.mocked(Workspace.Connections).mock.calls.length).toBeGreaterThan(connectionsCalls)
    expect(vi.mocked(Sessions.Query).mock.calls.length).toBeGreaterThan(queryCalls)
    expect(notices).toContainEqual(['error', 'Refresh of Globex failed'])
  })

  it('a listing the server is known to have cut short is said in a notice that stays', async () => {
    const on = listeners()
    const notices: Array<[string, string, string]> = []
    setNotifier((kind, n) => notices.push([kind, n.title, String(n.content ?? '')]))
    const refresh = useRefreshStore()
    refresh.init()
    vi.mocked(Refresh.Start).mockResolvedValue('job-2')
    await refresh.start([1])
    const warning = 'incomplete listing: the server counts 17 sessions, 14 were listed'
    on.get('refresh:done')!({
      jobId: 'job-2',
      done: 1,
      failed: 0,
      canceled: 0,
      results: [{ jobId: 'job-2', connectionId: 1, connection: 'Shop', state: 'done', fetched: 14, total: 14, warnings: [warning] }],
    })
    await flush()
    expect(notices).toContainEqual(['warning', "Shop: the server's listing is incomplete", warning])
    expect(notices.some(([kind]) => kind === 'success')).toBe(false)
  })

  it('a job that finished before Start() answered does not come back', async () => {
    const on = listeners()
    const refresh = useRefreshStore()
    refresh.init()
    let answer!: (id: string) => void
    vi.mocked(Refresh.Start).mockReturnValue(new Promise((r) => (answer = r)))
    const started = refresh.start([1])
    on.get('refresh:progress')!({ jobId: 'job-9', connectionId: 1, connection: 'Acme', state: 'done', fetched: 1, total: 1 })
    on.get('refresh:done')!({ jobId: 'job-9', done: 1, failed: 0, canceled: 0, results: [] })
    answer('job-9')
    await started
    expect(refresh.running).toBe(false)
    expect(Object.keys(refresh.jobs)).toEqual([])
  })

  it('a failed Start() is reported and leaves nothing running', async () => {
    listeners()
    const notices: string[] = []
    setNotifier((_, n) => notices.push(`${n.title}: ${n.content}`))
    vi.mocked(Refresh.Start).mockRejectedValue({ code: 'busy', message: 'A refresh is already running.' })
    const refresh = useRefreshStore()
    expect(await refresh.start([])).toBeNull()
    expect(refresh.running).toBe(false)
    expect(notices).toEqual(['Could not start the refresh: A refresh is already running. [busy]'])
  })
})
