// The only module that talks to the generated Wails bindings. Everything else imports from here.
import * as Workspace from '../../wailsjs/go/app/WorkspaceService'
import * as Sessions from '../../wailsjs/go/app/SessionsService'
import * as Refresh from '../../wailsjs/go/app/RefreshService'
import * as SignOut from '../../wailsjs/go/app/SignOutService'
import * as Settings from '../../wailsjs/go/app/SettingsService'
import { EventsOn, EventsOff } from '../../wailsjs/runtime/runtime'
import type { app } from '../../wailsjs/go/models'
import { call, list } from './bridge'
import { normaliseKind } from './connections'
import type {
  AboutInfo,
  AuditEntry,
  Connection,
  Kind,
  RefreshProgress,
  RefreshSummary,
  SessionDetail,
  SessionPage,
  SessionQuery,
  SessionRow,
  SignOutRequest,
  SignOutResult,
  ThemePreference,
  UserPage,
  UserRow,
  UsersQuery,
} from './types'

export * from './types'
export { connectionsApi } from './connections'
export { ApiError, toApiError, describeError, CODE_INTERNAL, CODE_NO_BACKEND } from './errors'

export const MAX_QUERY_LIMIT = 1000

export const workspaceApi = {
  async connections(): Promise<Connection[]> {
    return list(await call(() => Workspace.Connections()))
  },
  async kinds(): Promise<Kind[]> {
    return list(await call(() => Workspace.Kinds())).map(normaliseKind)
  },
  openDemo(): Promise<void> {
    return call(() => Workspace.OpenDemo())
  },
}

function clampLimit(limit: number): number {
  return Math.min(Math.max(1, Math.floor(limit) || 1), MAX_QUERY_LIMIT)
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** One user row with Go's nulls and missing fields made safe. */
export function normaliseUserRow(r: Partial<UserRow> | null | undefined): UserRow {
  const o = r ?? {}
  return {
    username: str(o.username),
    name: str(o.name),
    connections: list(o.connections).filter((c): c is string => typeof c === 'string'),
    sessions: num(o.sessions),
    countries: num(o.countries),
    lastActiveAt: str(o.lastActiveAt),
  }
}

export const sessionsApi = {
  async query(q: SessionQuery): Promise<SessionPage> {
    const limit = clampLimit(q.limit)
    const page = await call(() => Sessions.Query({ ...q, limit } as app.SessionQuery))
    return {
      rows: list<SessionRow>(page?.rows),
      total: typeof page?.total === 'number' ? page.total : 0,
      offset: typeof page?.offset === 'number' ? page.offset : q.offset,
    }
  },
  /** Users holding sessions in the given orgs (all when connectionIds is empty), one window. */
  async users(q: UsersQuery): Promise<UserPage> {
    const limit = clampLimit(q.limit)
    const query = { ...q, connectionIds: [...q.connectionIds], limit } as app.UsersQuery
    const page = await call(() => Sessions.Users(query))
    return {
      rows: list(page?.rows as Partial<UserRow>[] | null | undefined).map(normaliseUserRow),
      total: typeof page?.total === 'number' ? page.total : 0,
      offset: typeof page?.offset === 'number' ? page.offset : q.offset,
    }
  },
  async detail(connectionId: number, sessionId: string): Promise<SessionDetail> {
    const d = await call(() => Sessions.Detail(connectionId, sessionId))
    return {
      session: d.session,
      raw: d.raw ?? '',
      userSessions: list(d.userSessions),
      snapshotId: d.snapshotId,
      snapshotAt: d.snapshotAt ?? '',
      capabilities: d.capabilities,
    }
  },
  async sessionTypes(): Promise<string[]> {
    return list(await call(() => Sessions.SessionTypes()))
  },
}

export const refreshApi = {
  /** Refreshes the given connections; an empty list means all of them. Returns the job id. */
  start(connectionIds: number[]): Promise<string> {
    return call(() => Refresh.Start([...connectionIds]))
  },
  cancel(jobId: string): Promise<void> {
    return call(() => Refresh.Cancel(jobId))
  },
}

export const signOutApi = {
  signOutSession(req: SignOutRequest): Promise<SignOutResult> {
    return call(() => SignOut.SignOutSession({ ...req } as app.SignOutRequest))
  },
  async audit(limit: number): Promise<AuditEntry[]> {
    return list(await call(() => SignOut.Audit(limit)))
  },
}

function asTheme(v: unknown): ThemePreference {
  return v === 'light' || v === 'dark' ? v : 'auto'
}

export const settingsApi = {
  async theme(): Promise<ThemePreference> {
    return asTheme(await call(() => Settings.Theme()))
  },
  setTheme(theme: ThemePreference): Promise<void> {
    return call(() => Settings.SetTheme(theme))
  },
  about(): Promise<AboutInfo> {
    return call(() => Settings.About())
  },
}

export const EVENT_REFRESH_PROGRESS = 'refresh:progress'
export const EVENT_REFRESH_DONE = 'refresh:done'

type Off = () => void

/** Subscribes to a backend event; returns the unsubscribe function. Never throws. */
export function onEvent<T>(name: string, handler: (payload: T) => void): Off {
  try {
    const off = EventsOn(name, (payload: T) => handler(payload))
    return typeof off === 'function' ? off : () => offEvent(name)
  } catch (e) {
    console.warn(`SessionScope: cannot listen to "${name}" (no Wails runtime?)`, e)
    return () => {}
  }
}

/** Removes every listener of the given events. */
export function offEvent(name: string, ...more: string[]): void {
  try {
    EventsOff(name, ...more)
  } catch {
    // no runtime: nothing was registered
  }
}

export function onRefreshProgress(handler: (p: RefreshProgress) => void): Off {
  return onEvent<RefreshProgress>(EVENT_REFRESH_PROGRESS, handler)
}

export function onRefreshDone(handler: (s: RefreshSummary) => void): Off {
  return onEvent<RefreshSummary>(EVENT_REFRESH_DONE, (s) => handler({ ...s, results: list(s?.results) }))
}
