// Development only: a fake Wails bridge (window.go + window.runtime) so the UI can be looked at
// in a plain browser with `npm run dev` → http://localhost:5173/mock.html. The app itself still
// goes through src/api → wailsjs bindings → window.go, exactly as in the desktop build.
// Never imported by index.html, so it is not part of the production bundle.
import { CODE_BAD_FILTER, CODE_NOT_FOUND } from '../src/api/codes'
import type { SessionRow } from '../src/api/types'
import { connectionsService, MOCK_KINDS, type AdminConn } from './mockConnections'

type Listener = { cb: (...data: unknown[]) => void; left: number }
const listeners = new Map<string, Listener[]>()

function emit(name: string, ...data: unknown[]): void {
  const list = listeners.get(name) ?? []
  for (const l of [...list]) {
    l.cb(...data)
    if (l.left > 0 && --l.left === 0) list.splice(list.indexOf(l), 1)
  }
}

let seed = 42
function rand(): number {
  seed = (seed * 1664525 + 1013904223) % 4294967296
  return seed / 4294967296
}
const pick = <T,>(a: T[]): T => a[Math.floor(rand() * a.length)]

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', 'Gustav', 'Hana', 'Ivan', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq']
const LAST = ['Silva', 'Okafor', 'Müller', 'Tanaka', 'Novak', 'García', 'Khan', 'Larsen', 'Rossi', 'Dubois', 'Kowalski', 'Nguyen']
const PLACES: Array<[string, string, string, string, number, number]> = [
  ['Berlin', 'Berlin', 'Germany', 'DE', 52.52, 13.405],
  ['Lisbon', 'Lisboa', 'Portugal', 'PT', 38.7223, -9.1393],
  ['Austin', 'Texas', 'United States', 'US', 30.2672, -97.7431],
  ['Toronto', 'Ontario', 'Canada', 'CA', 43.6532, -79.3832],
  ['Lagos', 'Lagos', 'Nigeria', 'NG', 6.5244, 3.3792],
  ['Osaka', 'Osaka', 'Japan', 'JP', 34.6937, 135.5023],
  ['', '', '', '', NaN, NaN],
]
const TYPES = ['UI', 'API', 'Content', 'Oauth2', 'Visualforce', 'LightningFrameworkBased']
const LOGINS = ['Application', 'SAML Sfdc Initiated SSO', 'Remote Access 2.0', 'OAuth']

interface MockConn extends AdminConn {
  lastRefresh: string
  rows: SessionRow[]
  size: number
}

const params = new URLSearchParams(location.search)
const empty = params.has('empty')
const conns: MockConn[] = []
const audit: Array<Record<string, unknown>> = []
let theme = localStorage.getItem('mock-theme') ?? 'auto'

function makeRows(c: MockConn): SessionRow[] {
  const now = Date.now()
  const rows: SessionRow[] = []
  for (let i = 0; i < c.size; i++) {
    const f = pick(FIRST)
    const l = pick(LAST)
    const p = pick(PLACES)
    const created = now - Math.floor(rand() * 72 * 3600e3)
    const active = Math.min(now, created + Math.floor(rand() * 8 * 3600e3))
    rows.push({
      connectionId: c.id,
      connection: c.name,
      id: `0Ak${c.id}${String(i).padStart(12, '0')}`,
      displayId: `0Ak${c.id}…${String(i).padStart(4, '0').slice(-4)}`,
      parentId: i % 7 === 0 ? `0Ak${c.id}${String(i - 1).padStart(12, '0')}` : '',
      userId: `005${String(i % 5000).padStart(12, '0')}`,
      username: `${f.toLowerCase()}.${l.toLowerCase()}${i % 5000}@${c.name.toLowerCase().replace(/\s+/g, '')}.example`,
      name: `${f} ${l}`,
      userType: i % 50 === 0 ? 'Integration' : 'Standard',
      sessionType: pick(TYPES),
      loginType: pick(LOGINS),
      securityLevel: rand() < 0.2 ? 'HIGH_ASSURANCE' : 'STANDARD',
      createdAt: new Date(created).toISOString(),
      lastActiveAt: new Date(active).toISOString(),
      lastActiveUnreported: false,
      expiresAt: rand() < 0.1 ? '' : new Date(active + 2 * 3600e3).toISOString(),
      sourceIp: rand() < 0.15 ? `2001:db8:${Math.floor(rand() * 65535).toString(16)}::${i % 255}` : `${Math.floor(rand() * 223) + 1}.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}.${i % 255}`,
      city: p[0],
      subdivision: p[1],
      country: p[2],
      countryCode: p[3],
      latitude: Number.isNaN(p[4]) ? undefined : p[4],
      longitude: Number.isNaN(p[5]) ? undefined : p[5],
      geoSource: p[0] ? pick(['server', 'geoip']) : '',
      asn: 0,
      asnOrg: '',
      deviceType: 'Desktop',
      browser: pick(['Chrome 131', 'Firefox 133', 'Safari 18', 'Salesforce Mobile']),
      platform: pick(['Windows 11', 'macOS 15', 'Linux', 'iOS 18']),
      application: pick(['Browser', 'Salesforce for iOS', 'Data Loader', 'N/A']),
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      isCurrent: c.id === 1 && i === 3,
      endedAt: '',
      rowId: c.id * 1_000_000 + i + 1,
      // A few rows carry a flag, so the badges and the Flagged view have something to show.
      flags: i % 37 === 5 ? [{ rule: 'too_old', severity: 'medium', reason: 'Signed in 9 days ago; the policy allows 7d', sessions: 1 }] : [],
    })
  }
  return rows
}

function openDemo(): void {
  if (conns.length) return
  const defs: Array<[string, number, string]> = [
    ['Acme Production', 120_000, 'ok'],
    ['Acme Sandbox', 2_400, 'ok'],
    ['Globex EU', 0, 'needs_signin'],
  ]
  defs.forEach(([name, size, status], i) => {
    conns.push({ id: i + 1, name, size, demo: true, status: 'never', message: '', lastRefresh: '', rows: [] })
    if (status === 'needs_signin') conns[i].message = 'The refresh token was revoked. Sign in again to reconnect Globex EU.'
  })
}
if (!empty) {
  openDemo()
  for (const c of conns) {
    if (c.size > 0) {
      c.rows = makeRows(c)
      c.status = 'ok'
      c.lastRefresh = new Date(Date.now() - 7 * 60e3).toISOString()
    } else c.status = 'needs_signin'
  }
  // ?errors: one org whose last refresh failed.
  if (params.has('errors') && conns[1]) Object.assign(conns[1], { status: 'error', message: 'UNABLE_TO_LOCK_ROW: the server is busy (HTTP 503)' })
}

const sortCache = new Map<string, SessionRow[]>()
const SORTERS: Record<string, (r: SessionRow) => string> = {
  username: (r) => r.username,
  connection: (r) => r.connection,
  session_type: (r) => r.sessionType,
  login_type: (r) => r.loginType,
  created_at: (r) => r.createdAt,
  last_active_at: (r) => r.lastActiveAt,
  expires_at: (r) => r.expiresAt,
  source_ip: (r) => r.sourceIp,
  location: (r) => `${r.countryCode} ${r.city}`,
  security_level: (r) => r.securityLevel,
  user_type: (r) => r.userType,
}

// Like the real bridge, every answer is a fresh JSON copy.
const delay = <T,>(v: T, ms = 40 + rand() * 80) =>
  new Promise<T>((res) => setTimeout(() => res(v === undefined ? v : JSON.parse(JSON.stringify(v))), ms))
const fail = (code: string, message: string) => new Promise((_, rej) => setTimeout(() => rej({ code, message }), 30))

function query(q: Record<string, unknown>) {
  // The mock filters on the few fields it knows (orgs, user, IP, session type); the rest is Go's job.
  const f = (q.filter ?? {}) as Record<string, unknown>
  const ids = (f.connectionIds as number[]) ?? []
  const key = `${ids.join(',')}|${f.user}|${f.ip}|${f.sessionType}|${q.sort}|${q.desc}`
  let all = sortCache.get(key)
  if (!all) {
    const user = String(f.user ?? '').toLowerCase()
    const ip = String(f.ip ?? '')
    all = conns
      .filter((c) => ids.length === 0 || ids.includes(c.id))
      .flatMap((c) => c.rows)
      .filter((r) => (!user || r.username.startsWith(user) || r.name.toLowerCase().startsWith(user)) && (!ip || r.sourceIp.startsWith(ip)) && (!f.sessionType || r.sessionType === f.sessionType))
    const get = SORTERS[String(q.sort)] ?? SORTERS.last_active_at
    all.sort((a, b) => get(a).localeCompare(get(b)) * (q.desc ? -1 : 1))
    sortCache.set(key, all)
  }
  const offset = Number(q.offset)
  const limit = Math.min(1000, Number(q.limit))
  return delay({ rows: all.slice(offset, offset + limit), total: all.length, offset })
}

function view(c: MockConn) {
  return {
    id: c.id, name: c.name, kind: c.kind ?? 'salesforce', kindName: MOCK_KINDS.find((k) => k.kind === (c.kind ?? 'salesforce'))?.displayName ?? '',
    url: c.url ?? `https://${c.name.toLowerCase().replace(/\s+/g, '')}.my.salesforce.com`, demo: c.demo ?? true,
    status: c.status, message: c.message, lastRefresh: c.lastRefresh, sessionCount: c.rows.length,
    capabilities: { revokeOne: true, revokeBatch: true, maxBatch: 200, revokeUser: true, containUser: false, loginHistory: false, policy: false, health: true, whoAmI: true, rateLimit: true },
  }
}

let jobSeq = 0
const running = new Map<string, { canceled: boolean }>()

function startRefresh(ids: number[]) {
  const jobId = `job-${++jobSeq}`
  const targets = conns.filter((c) => ids.length === 0 || ids.includes(c.id))
  const job = { canceled: false }
  running.set(jobId, job)
  const results: Array<Record<string, unknown>> = []
  let pending = targets.length
  for (const c of targets) {
    const total = c.size > 0 ? c.size : 0
    let fetched = 0
    const base = { jobId, connectionId: c.id, connection: c.name, total: c.id === 2 ? 0 : total, pages: 0, error: '', errorCode: '' }
    const tick = setInterval(() => {
      if (job.canceled) {
        clearInterval(tick)
        const p = { ...base, state: 'canceled', fetched }
        emit('refresh:progress', p)
        results.push(p)
        if (--pending === 0) finish()
        return
      }
      if (c.size === 0) {
        clearInterval(tick)
        const p = { ...base, state: 'failed', fetched: 0, error: 'INVALID_SESSION_ID: Session expired or invalid (HTTP 401)', errorCode: 'auth' }
        c.status = 'needs_signin'
        emit('refresh:progress', p)
        results.push(p)
        if (--pending === 0) finish()
        return
      }
      fetched = Math.min(total, fetched + Math.ceil(total / 25))
      const done = fetched >= total
      const p = { ...base, state: done ? 'done' : 'running', fetched, pages: Math.ceil(fetched / 2000) }
      if (done) {
        clearInterval(tick)
        c.rows = makeRows(c)
        c.status = 'ok'
        c.lastRefresh = new Date().toISOString()
        sortCache.clear()
        results.push(p)
      }
      emit('refresh:progress', p)
      if (done && --pending === 0) finish()
    }, 120)
  }
  function finish() {
    running.delete(jobId)
    const count = (s: string) => results.filter((r) => r.state === s).length
    emit('refresh:done', { jobId, done: count('done'), failed: count('failed'), canceled: count('canceled'), results })
  }
  return delay(jobId, 20)
}

function findRow(connectionId: number, id: string) {
  return conns.find((c) => c.id === connectionId)?.rows.find((r) => r.id === id)
}

const w = window as unknown as Record<string, unknown>
w.go = {
  app: {
    WorkspaceService: {
      Connections: () => delay(conns.map(view)),
      Kinds: () => delay(MOCK_KINDS),
      OpenDemo: () => {
        openDemo()
        return delay(undefined, 300)
      },
      StartView: () => delay('sessions', 5),
    },
    ConnectionsService: connectionsService<MockConn>({
      conns,
      create: (b) => ({ ...b, lastRefresh: '', rows: [], size: 800 }),
      view,
      delay,
      fail,
      changed: () => sortCache.clear(),
    }),
    // Flags, read from the synthetic rows; the policy editor and the weekly review need Go.
    FlagsService: {
      Rules: () => delay([{ rule: 'too_old', label: 'Session too old', help: 'Older than the policy allows', severity: 'medium' }]),
      Counts: () => delay(conns.map((c) => {
        const flagged = c.rows.filter((r) => r.flags.length).length
        return { connectionId: c.id, connection: c.name, computed: true, computedAt: c.lastRefresh, sessions: c.rows.length, flagged, high: 0, medium: flagged, low: 0, rules: flagged ? [{ rule: 'too_old', flags: flagged, sessions: flagged }] : [] }
      })),
      Flagged: (q: { offset: number; limit: number }) => {
        const rows = conns.flatMap((c) => c.rows).filter((r) => r.flags.length)
        return delay({ rows: rows.slice(q.offset, q.offset + q.limit), total: rows.length, offset: q.offset })
      },
      FlagsOf: () => delay({}),
      SessionFlags: (cid: number, id: string) => delay(findRow(cid, id)?.flags ?? []),
      Policy: () => fail(CODE_NOT_FOUND, 'The mock keeps no policies.'),
      PreviewPolicy: () => fail(CODE_NOT_FOUND, 'The mock keeps no policies.'),
      SetPolicy: () => fail(CODE_NOT_FOUND, 'The mock keeps no policies.'),
    },
    ReviewService: {
      Decisions: () => delay(['expected', 'signed_out', 'follow_up']),
      Open: () => delay({ open: false, review: {} }),
      List: () => delay([]),
      Start: () => fail(CODE_NOT_FOUND, 'The mock keeps no reviews.'),
    },
    SessionsService: {
      Query: query,
      Detail: (cid: number, id: string) => {
        const r = findRow(cid, id)
        if (!r) return fail(CODE_NOT_FOUND, 'That session is not in the current snapshot any more.')
        const userSessions = conns.flatMap((c) => c.rows).filter((x) => x.userId === r.userId).slice(0, 20)
        const raw = JSON.stringify({ attributes: { type: 'AuthSession' }, Id: r.displayId, UsersId: r.userId, SessionType: r.sessionType, LoginType: r.loginType, SourceIp: r.sourceIp, CreatedDate: r.createdAt, LastModifiedDate: r.lastActiveAt, SessionSecurityLevel: r.securityLevel, NumSecondsValid: 7200, ParentId: r.parentId || null }, null, 2)
        return delay({ session: r, raw, userSessions, snapshotId: 7, snapshotAt: conns.find((c) => c.id === cid)!.lastRefresh, capabilities: view(conns.find((c) => c.id === cid)!).capabilities })
      },
      SessionTypes: () => delay(conns.some((c) => c.rows.length) ? [...TYPES].sort() : null),
      Facets: () => delay({ countries: [], sessionTypes: [...TYPES].sort(), loginTypes: [], securityLevels: [], deviceTypes: [] }),
    },
    // The review calls, answered roughly from the synthetic rows (the real ones are Go's).
    UsersService: {
      LoginHistory: () => delay({ supported: false, logins: [] }),
      Users: (q: { offset: number; limit: number }) => {
        const by = new Map<string, { username: string; name: string; connections: Set<string>; sessions: number; countries: Set<string>; lastActiveAt: string }>()
        for (const r of conns.flatMap((c) => c.rows)) {
          const u = by.get(r.username) ?? { username: r.username, name: r.name, connections: new Set(), sessions: 0, countries: new Set(), lastActiveAt: '' }
          u.sessions++
          u.connections.add(r.connection)
          if (r.countryCode) u.countries.add(r.countryCode)
          if (r.lastActiveAt > u.lastActiveAt) u.lastActiveAt = r.lastActiveAt
          by.set(r.username, u)
        }
        const rows = [...by.values()].sort((a, b) => b.sessions - a.sessions)
          .map((u) => ({ ...u, connections: [...u.connections], countries: u.countries.size }))
        return delay({ rows: rows.slice(q.offset, q.offset + q.limit), total: rows.length, offset: q.offset })
      },
    },
    MapService: {
      Map: () => {
        const by = new Map<string, { place: string; city: string; subdivision: string; country: string; countryCode: string; latitude: number; longitude: number; sessions: number; users: number }>()
        for (const r of conns.flatMap((c) => c.rows)) {
          if (r.latitude == null || r.longitude == null) continue
          const key = `${r.countryCode} ${r.city}`.toLowerCase()
          const p = by.get(key) ?? { place: key, city: r.city, subdivision: r.subdivision, country: r.country, countryCode: r.countryCode, latitude: r.latitude, longitude: r.longitude, sessions: 0, users: 0 }
          p.sessions++
          p.users++
          by.set(key, p)
        }
        const places = [...by.values()].sort((a, b) => b.sessions - a.sessions)
        const located = places.reduce((n, p) => n + p.sessions, 0)
        return delay({ places, total: places.length, located, unlocated: conns.reduce((n, c) => n + c.rows.length, 0) - located })
      },
      PlaceUsers: () => delay([]),
      Travel: (username: string) => delay({ username, stops: [], legs: [], unlocated: 0 }),
    },
    SnapshotsService: {
      Snapshots: () => delay([]),
      Compare: () => fail(CODE_BAD_FILTER, 'The mock keeps no snapshots to compare.'),
    },
    RefreshService: {
      Start: (ids: number[]) => startRefresh(ids ?? []),
      Cancel: (jobId: string) => {
        const j = running.get(jobId)
        if (!j) return fail(CODE_NOT_FOUND, 'No such refresh job.')
        j.canceled = true
        return delay(undefined, 10)
      },
    },
    SignOutService: {
      SignOutSession: (req: { connectionId: number; sessionId: string; reason: string }) => {
        const r = findRow(req.connectionId, req.sessionId)
        if (!r) return fail(CODE_NOT_FOUND, 'Unknown session.')
        const outcome = r.endedAt ? 'already_gone' : r.sessionType === 'Content' ? 'failed' : 'ended'
        if (outcome === 'ended') r.endedAt = new Date().toISOString()
        audit.unshift({ id: audit.length + 1, at: new Date().toISOString(), actor: 'admin@acme.example', action: 'signout.session', connection: r.connection, target: `${r.username} ${r.displayId}`, reason: req.reason, result: outcome, detail: outcome === 'failed' ? 'INSUFFICIENT_ACCESS (HTTP 403)' : '' })
        return delay({ sessionId: r.id, outcome, message: outcome === 'failed' ? 'INSUFFICIENT_ACCESS: you cannot delete this AuthSession (HTTP 403)' : '', auditId: audit.length }, 400)
      },
    },
    AuditService: {
      Entries: (limit: number) => delay(audit.slice(0, limit)),
    },
    SettingsService: {
      Theme: () => delay(theme, 5),
      SetTheme: (t: string) => {
        theme = t
        localStorage.setItem('mock-theme', t)
        return delay(undefined, 5)
      },
      About: () => delay({ version: 'dev-mock', home: '/tmp', keyring: 'none', attributions: [], geoData: [] }),
      Preference: (key: string) => delay(localStorage.getItem(`mock-pref-${key}`) ?? ''),
      SetPreference: (key: string, value: string) => {
        localStorage.setItem(`mock-pref-${key}`, value)
        return delay(undefined, 5)
      },
      Geo: () => delay({ cityDb: '', asnDb: '', inUse: [], attributions: [] }),
      SetGeoDatabases: () => fail(CODE_BAD_FILTER, 'The mock has no GeoIP databases.'),
    },
  },
}
w.runtime = {
  EventsOnMultiple: (name: string, cb: (...d: unknown[]) => void, max: number) => {
    const l = { cb, left: max }
    listeners.set(name, [...(listeners.get(name) ?? []), l])
    return () => listeners.set(name, (listeners.get(name) ?? []).filter((x) => x !== l))
  },
  EventsOff: (...names: string[]) => names.forEach((n) => listeners.delete(n)),
  EventsOffAll: () => listeners.clear(),
  EventsEmit: (name: string, ...data: unknown[]) => emit(name, ...data),
}
