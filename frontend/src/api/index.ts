// The only module that talks to the generated Wails bindings. Everything else imports from here.
// The api objects group calls by the part of the UI that makes them; each call goes to the Go
// service of its concern (app/: one bound service per concern).
import * as Workspace from '../../wailsjs/go/app/WorkspaceService'
import * as Sessions from '../../wailsjs/go/app/SessionsService'
import * as Users from '../../wailsjs/go/app/UsersService'
import * as MapService from '../../wailsjs/go/app/MapService'
import * as Snapshots from '../../wailsjs/go/app/SnapshotsService'
import * as Refresh from '../../wailsjs/go/app/RefreshService'
import * as SignOut from '../../wailsjs/go/app/SignOutService'
import * as Audit from '../../wailsjs/go/app/AuditService'
import * as Settings from '../../wailsjs/go/app/SettingsService'
import { EventsOn, EventsOff } from '../../wailsjs/runtime/runtime'
import type { app } from '../../wailsjs/go/models'
import { call, list } from './bridge'
import { normaliseKind } from './connections'
import type {
  AboutInfo,
  AuditEntry,
  CompareQuery,
  Connection,
  DiffView,
  Facets,
  GeoSettings,
  LoginHistoryView,
  MapQuery,
  MapView,
  PlaceUser,
  SessionFilter,
  SnapshotView,
  TravelView,
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
export { flagsApi, reviewApi, withFlagList } from './flags'
export { ApiError, toApiError, describeError } from './errors'
export * from './codes'

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
  /** The view the window opens on (from `--view`): sessions, users or map. */
  async startView(): Promise<string> {
    const v = await call(() => Workspace.StartView())
    return v === 'users' || v === 'map' ? v : 'sessions'
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
    const page = await call(() => Sessions.Query({ ...q, filter: plainFilter(q.filter), limit } as app.SessionQuery))
    return {
      rows: list<SessionRow>(page?.rows),
      total: typeof page?.total === 'number' ? page.total : 0,
      offset: typeof page?.offset === 'number' ? page.offset : q.offset,
    }
  },
  /** Users holding sessions in the given orgs (all when connectionIds is empty), one window. */
  async users(q: UsersQuery): Promise<UserPage> {
    const limit = clampLimit(q.limit)
    const query = { ...q, filter: plainFilter(q.filter), limit } as app.UsersQuery
    const page = await call(() => Users.Users(query))
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
  /** The filtered sessions aggregated by place (at most q.limit places, largest first). */
  async map(q: MapQuery): Promise<MapView> {
    const v = await call(() => MapService.Map({ filter: plainFilter(q.filter), limit: q.limit } as app.MapQuery))
    return { places: list(v?.places), total: num(v?.total), located: num(v?.located), unlocated: num(v?.unlocated) }
  },
  /** The users with most filtered sessions at one place. */
  async placeUsers(filter: SessionFilter, place: string): Promise<PlaceUser[]> {
    return list(await call(() => MapService.PlaceUsers(plainFilter(filter) as app.SessionFilter, place)))
  },
  /** A user's located logins, oldest first, and the legs between places. */
  async travel(username: string, connectionIds: number[]): Promise<TravelView> {
    const v = await call(() => MapService.Travel(username, [...connectionIds]))
    return { username: str(v?.username), stops: list(v?.stops), legs: list(v?.legs), unlocated: num(v?.unlocated) }
  },
  /** Refreshes of one org (0 = every org), newest first. */
  async snapshots(connectionId: number): Promise<SnapshotView[]> {
    return list<SnapshotView>(await call(() => Snapshots.Snapshots(connectionId))).map((s) => ({ ...s, meta: s.meta ?? {} }))
  },
  async compare(q: CompareQuery): Promise<DiffView> {
    const d = await call(() => Snapshots.Compare({ ...q } as app.CompareQuery))
    return {
      orgs: list(d?.orgs),
      newSessions: num(d?.newSessions),
      endedSessions: num(d?.endedSessions),
      newUsers: list(d?.newUsers),
      newUserCount: num(d?.newUserCount),
      newCountries: list(d?.newCountries),
      newDevices: list(d?.newDevices),
      newDeviceCount: num(d?.newDeviceCount),
      skipped: list(d?.skipped),
    }
  },
  /** A user's recent logins as the server reports them (Keycloak events, Auth0 logs). */
  async loginHistory(connectionId: number, userId: string): Promise<LoginHistoryView> {
    const v = await call(() => Users.LoginHistory(connectionId, userId))
    return { supported: !!v?.supported, logins: list(v?.logins) }
  },
  async facets(): Promise<Facets> {
    const f = await call(() => Sessions.Facets())
    return {
      countries: list(f?.countries),
      sessionTypes: list(f?.sessionTypes),
      loginTypes: list(f?.loginTypes),
      securityLevels: list(f?.securityLevels),
      deviceTypes: list(f?.deviceTypes),
    }
  },
}

/** A detached copy of a (possibly reactive) filter, safe to hand to the bridge. */
export function plainFilter(f: SessionFilter): SessionFilter {
  return { ...f, connectionIds: [...f.connectionIds], countries: [...f.countries] }
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
    return list(await call(() => Audit.Entries(limit)))
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
  async about(): Promise<AboutInfo> {
    const a = await call(() => Settings.About())
    return { ...a, attributions: list(a?.attributions), geoData: list(a?.geoData) }
  },
  /** A stored frontend preference (JSON text), '' when never set. */
  async preference(key: 'views' | 'columns'): Promise<string> {
    return str(await call(() => Settings.Preference(key)))
  },
  setPreference(key: 'views' | 'columns', value: string): Promise<void> {
    return call(() => Settings.SetPreference(key, value))
  },
  async geo(): Promise<GeoSettings> {
    const g = await call(() => Settings.Geo())
    return { cityDb: str(g?.cityDb), asnDb: str(g?.asnDb), inUse: list(g?.inUse), attributions: list(g?.attributions) }
  },
  /** A native file dialog for a .mmdb file; '' when cancelled. */
  async pickDatabase(title: string): Promise<string> {
    return str(await call(() => Settings.PickDatabase(title)))
  },
  async setGeoDatabases(cityDb: string, asnDb: string): Promise<GeoSettings> {
    const g = await call(() => Settings.SetGeoDatabases(cityDb, asnDb))
    return { cityDb: str(g?.cityDb), asnDb: str(g?.asnDb), inUse: list(g?.inUse), attributions: list(g?.attributions) }
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
