// Development only: a fake ConnectionsService for mock.html (see mockWails.ts). Secrets go to a
// Map standing in for the OS keyring and are never returned.
import { CODE_INTERNAL, CODE_NOT_FOUND } from '../src/api/codes'
import type { Kind } from '../src/api/types'

export const MOCK_KINDS: Kind[] = [
  {
    kind: 'salesforce',
    displayName: 'Salesforce',
    sessionIdIsSecret: true,
    noLastActive: false,
    urlHelp: 'The org’s My Domain URL, e.g. https://acme.my.salesforce.com',
    signIn: true,
    options: [
      { name: 'client_id', label: 'Consumer key', help: 'The external client app’s consumer key', secret: false, required: true },
      { name: 'api_version', label: 'API version', help: 'REST API version, 64.0 or later (default 64.0)', secret: false, required: false },
      { name: 'batch_size', label: 'Page size', help: 'Records asked for per query page, 200–2000', secret: false, required: false },
      { name: 'refresh_token', label: 'Refresh token', help: 'OAuth refresh token of an admin with Manage Users', secret: true, required: true },
      { name: 'client_secret', label: 'Consumer secret', help: 'Only if the app requires the secret for the refresh token flow', secret: true, required: false },
    ],
  },
  {
    kind: 'keycloak',
    displayName: 'Keycloak',
    sessionIdIsSecret: false,
    noLastActive: false,
    urlHelp: 'The server’s base URL, e.g. https://sso.example.com',
    signIn: true,
    options: [
      { name: 'realm', label: 'Realm', help: 'The realm whose sessions to watch', secret: false, required: true },
      { name: 'client_id', label: 'Client ID', help: 'A confidential client with the realm-management roles', secret: false, required: true },
      { name: 'client_secret', label: 'Client secret', help: '', secret: true, required: true },
    ],
  },
]

export interface AdminConn {
  id: number
  name: string
  kind?: string
  url?: string
  demo?: boolean
  options?: Record<string, string>
  status: string
  message: string
}

interface Form {
  id: number
  kind: string
  name: string
  url: string
  options: Record<string, string>
  secrets: Record<string, string>
}

interface Ctx<C extends AdminConn> {
  conns: C[]
  create(base: AdminConn): C
  view(c: C): unknown
  delay<T>(v: T, ms?: number): Promise<T>
  fail(code: string, message: string): Promise<unknown>
  /** The set of connections or their names changed. */
  changed(): void
}

const keyring = new Map<string, string>()
const account = (id: number, name: string) => `${id}/${name}`

export function connectionsService<C extends AdminConn>(ctx: Ctx<C>) {
  const kindOf = (c: AdminConn) => MOCK_KINDS.find((k) => k.kind === (c.kind ?? 'salesforce')) ?? MOCK_KINDS[0]

  function validate(f: Form, kind: Kind | undefined, isNew: boolean): string {
    if (!kind) return `unknown connection kind "${f.kind}"`
    if (!f.name.trim()) return 'a connection needs a name'
    if (!/^https?:\/\/[^/]+/.test(f.url)) return `the ${kind.displayName} URL must look like https://host, got "${f.url}"`
    if (ctx.conns.some((c) => c.name === f.name.trim() && c.id !== f.id)) return `a connection named "${f.name.trim()}" already exists`
    for (const o of kind.options) {
      if (!o.required) continue
      if (!o.secret && !(f.options[o.name] ?? '').trim()) return `${kind.displayName} needs ${o.label.toLowerCase()}`
      if (o.secret && isNew && !f.secrets[o.name]) return `${kind.displayName} needs ${o.label.toLowerCase()}`
    }
    return ''
  }

  function store(id: number, kind: Kind, secrets: Record<string, string>) {
    for (const o of kind.options) if (o.secret && secrets[o.name]) keyring.set(account(id, o.name), secrets[o.name])
  }

  return {
    Kinds: () => ctx.delay(MOCK_KINDS),
    Get: (id: number) => {
      const c = ctx.conns.find((x) => x.id === id)
      if (!c) return ctx.fail(CODE_NOT_FOUND, 'No such connection.')
      const secretsStored: Record<string, boolean> = {}
      for (const o of kindOf(c).options) if (o.secret) secretsStored[o.name] = c.demo === true || keyring.has(account(id, o.name))
      return ctx.delay({ connection: ctx.view(c), options: c.options ?? { client_id: 'demo-consumer-key' }, secretsStored })
    },
    Add: (f: Form) => {
      const kind = MOCK_KINDS.find((k) => k.kind === f.kind)
      const problem = validate(f, kind, true)
      if (problem) return ctx.fail(CODE_INTERNAL, problem)
      const id = Math.max(0, ...ctx.conns.map((c) => c.id)) + 1
      const c = ctx.create({ id, name: f.name.trim(), kind: f.kind, url: f.url, demo: false, options: { ...f.options }, status: 'never', message: '' })
      ctx.conns.push(c)
      store(id, kind!, f.secrets)
      ctx.changed()
      return ctx.delay(ctx.view(c), 300)
    },
    Update: (f: Form) => {
      const c = ctx.conns.find((x) => x.id === f.id)
      if (!c) return ctx.fail(CODE_NOT_FOUND, 'No such connection.')
      if (c.demo) return ctx.fail(CODE_INTERNAL, 'demo connections cannot be edited')
      const kind = kindOf(c)
      const problem = validate({ ...f, kind: kind.kind }, kind, false)
      if (problem) return ctx.fail(CODE_INTERNAL, problem)
      Object.assign(c, { name: f.name.trim(), url: f.url, options: { ...f.options } })
      store(c.id, kind, f.secrets)
      ctx.changed()
      return ctx.delay(ctx.view(c), 300)
    },
    Test: (id: number) => {
      const c = ctx.conns.find((x) => x.id === id)
      if (!c) return ctx.fail(CODE_NOT_FOUND, 'No such connection.')
      const base = { ok: true, signedInAs: '', permissions: [] as unknown[], limits: '', error: '', errorCode: '' }
      let r = base
      if (c.status === 'needs_signin') {
        r = { ...base, ok: false, error: 'INVALID_GRANT: expired access/refresh token (HTTP 400)', errorCode: 'auth' }
      } else if ((c.url ?? '').includes('down')) {
        r = { ...base, ok: false, error: 'dial tcp: lookup failed: no such host', errorCode: 'unavailable' }
      } else {
        const limited = c.name.toLowerCase().includes('limited')
        r = {
          ...base,
          ok: !limited,
          signedInAs: `integration@${c.name.toLowerCase().replace(/\s+/g, '')}.example`,
          // Go sends these without JSON tags, as {Name, OK, Hint}.
          permissions: [
            { Name: 'API Enabled', OK: true, Hint: 'Enable "API Enabled" in the profile' },
            { Name: 'Manage Users', OK: !limited, Hint: 'Grant "Manage Users" to the integration user’s permission set' },
          ],
          limits: 'API requests: 1,204 of 15,000 used in the last 24 h',
        }
        if (c.status === 'error' && !limited) c.status = 'ok'
      }
      if (!r.ok && r.errorCode === 'auth') c.status = 'needs_signin'
      return ctx.delay(r, 700)
    },
    Remove: (id: number) => {
      const i = ctx.conns.findIndex((x) => x.id === id)
      if (i < 0) return ctx.fail(CODE_NOT_FOUND, 'No such connection.')
      for (const o of kindOf(ctx.conns[i]).options) keyring.delete(account(id, o.name))
      ctx.conns.splice(i, 1)
      ctx.changed()
      return ctx.delay(undefined, 300)
    },
  }
}
