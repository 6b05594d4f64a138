import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/WorkspaceService', () => ({ Connections: vi.fn(), Kinds: vi.fn(), OpenDemo: vi.fn() }))
vi.mock('../../wailsjs/go/app/SessionsService', () => ({ Query: vi.fn(), Detail: vi.fn(), SessionTypes: vi.fn() }))
vi.mock('../../wailsjs/go/app/RefreshService', () => ({ Start: vi.fn(), Cancel: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn(() => () => {}), EventsOff: vi.fn() }))

import * as Workspace from '../../wailsjs/go/app/WorkspaceService'
import * as Refresh from '../../wailsjs/go/app/RefreshService'
import type { Connection } from '../../src/api'
import { useConnectionsStore } from '../../src/stores/connections'
import { useRefreshStore } from '../../src/stores/refresh'
import { flush } from './support/fixtures'

const conn = (id: number, demo: boolean, lastRefresh = ''): Connection => ({
  id, name: `Org ${id}`, kind: 'salesforce', kindName: 'Salesforce', url: '', demo, status: 'ok', message: '',
  lastRefresh, sessionCount: 0, capabilities: {} as Connection['capabilities'],
})

describe('first run of the demo workspace', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(Refresh.Start).mockReset().mockResolvedValue('job-1')
  })

  it('refreshes demo connections that were never refreshed, once, and only them', async () => {
    const refresh = useRefreshStore()
    const list = [conn(1, true), conn(2, true), conn(7, false)]
    expect(await refresh.refreshNewDemo(list)).toBe('job-1')
    expect(Refresh.Start).toHaveBeenCalledTimes(1)
    expect(Refresh.Start).toHaveBeenCalledWith([1, 2])

    // The list reloads while (and after) that refresh runs, or it failed: no second one.
    refresh.handleDone({ jobId: 'job-1', done: 0, failed: 2, canceled: 0, results: [] })
    expect(await refresh.refreshNewDemo(list)).toBeNull()
    expect(Refresh.Start).toHaveBeenCalledTimes(1)
  })

  it('leaves a demo refreshed on an earlier start as it is', async () => {
    const refresh = useRefreshStore()
    expect(await refresh.refreshNewDemo([conn(1, true, '2026-01-02T03:04:05Z'), conn(2, true)])).toBeNull()
    expect(Refresh.Start).not.toHaveBeenCalled()
  })

  it('never refreshes real connections by itself', async () => {
    const refresh = useRefreshStore()
    expect(await refresh.refreshNewDemo([conn(7, false), conn(8, false)])).toBeNull()
    expect(await refresh.refreshNewDemo([])).toBeNull()
    expect(Refresh.Start).not.toHaveBeenCalled()
  })

  it('does not start while a refresh the user asked for is running', async () => {
    const refresh = useRefreshStore()
    await refresh.start([7])
    expect(refresh.running).toBe(true)
    expect(await refresh.refreshNewDemo([conn(1, true), conn(7, false)])).toBeNull()
    expect(Refresh.Start).toHaveBeenCalledTimes(1)
  })

  it('follows the lists the window loads: nothing for an empty workspace, the demo once "Open demo" adds it', async () => {
    const refresh = useRefreshStore()
    const connections = useConnectionsStore()
    refresh.followNewDemo()
    refresh.followNewDemo() // a second call adds no second watcher
    vi.mocked(Workspace.Connections).mockReset().mockResolvedValue([] as never)
    await connections.reload()
    await flush()
    expect(Refresh.Start).not.toHaveBeenCalled()

    vi.mocked(Workspace.OpenDemo).mockResolvedValue(undefined as never)
    vi.mocked(Workspace.Connections).mockResolvedValue([conn(3, true), conn(4, true)] as never)
    await connections.openDemo()
    await flush()
    expect(Refresh.Start).toHaveBeenCalledTimes(1)
    expect(Refresh.Start).toHaveBeenCalledWith([3, 4])

    // Later reloads (the refresh's own progress and end) start nothing more.
    await connections.reload()
    await flush()
    expect(Refresh.Start).toHaveBeenCalledTimes(1)
  })
})
