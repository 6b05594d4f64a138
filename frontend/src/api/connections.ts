// Wrappers of ConnectionsService (add / edit / test / remove connections). Part of src/api, the
// only module that imports the generated bindings.
import * as Connections from '../../wailsjs/go/app/ConnectionsService'
import type { app, source } from '../../wailsjs/go/models'
import { call, list } from './bridge'
import type { Connection, ConnectionDetail, ConnectionForm, Kind, PermissionCheck, TestResult } from './types'

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function stringMap<V>(v: unknown, keep: (x: unknown) => x is V): Record<string, V> {
  const out: Record<string, V> = {}
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (keep(x)) out[k] = x
  }
  return out
}
const isString = (x: unknown): x is string => typeof x === 'string'
const isBool = (x: unknown): x is boolean => typeof x === 'boolean'

export function normaliseKind(d: source.Descriptor | Kind): Kind {
  return {
    kind: str(d.kind),
    displayName: str(d.displayName) || str(d.kind),
    sessionIdIsSecret: d.sessionIdIsSecret === true,
    noLastActive: (d as { noLastActive?: unknown }).noLastActive === true,
    urlHelp: str((d as { urlHelp?: unknown }).urlHelp),
    signIn: (d as { signIn?: unknown }).signIn === true,
    options: list(d.options).map((o) => ({
      name: str(o.name),
      label: str(o.label) || str(o.name),
      help: str(o.help),
      secret: o.secret === true,
      required: o.required === true,
    })),
  }
}

/** Permissions cross as {name, ok, hint}; the capitalised spelling is accepted too. */
function normalisePermission(p: unknown): PermissionCheck {
  const o = (p && typeof p === 'object' ? p : {}) as Record<string, unknown>
  return { name: str(o.name ?? o.Name), ok: (o.ok ?? o.OK) === true, hint: str(o.hint ?? o.Hint) }
}

export function normaliseTestResult(r: app.TestResult | null | undefined): TestResult {
  const o = (r ?? {}) as Partial<app.TestResult>
  const result: TestResult = {
    ok: o.ok === true,
    signedInAs: str(o.signedInAs),
    permissions: list(o.permissions as unknown[] | null | undefined).map(normalisePermission),
    limits: str(o.limits),
    error: str(o.error),
    errorCode: str(o.errorCode),
  }
  // Never report success while a permission is missing.
  if (result.permissions.some((p) => !p.ok)) result.ok = false
  return result
}

/**
 * Copies only what may be sent: options without secret values, and secrets that are non-empty
 * (an empty or absent secret keeps the stored one).
 */
export function wireForm(f: ConnectionForm): app.ConnectionForm {
  const secrets: Record<string, string> = {}
  for (const [k, v] of Object.entries(f.secrets ?? {})) if (typeof v === 'string' && v !== '') secrets[k] = v
  const options: Record<string, string> = {}
  for (const [k, v] of Object.entries(f.options ?? {})) options[k] = typeof v === 'string' ? v : ''
  return { id: f.id, kind: f.kind, name: f.name.trim(), url: f.url.trim(), options, secrets } as app.ConnectionForm
}

export const connectionsApi = {
  async kinds(): Promise<Kind[]> {
    return list(await call(() => Connections.Kinds())).map(normaliseKind)
  },
  async get(id: number): Promise<ConnectionDetail> {
    const d = await call(() => Connections.Get(id))
    return {
      connection: d.connection as Connection,
      options: stringMap(d?.options, isString),
      secretsStored: stringMap(d?.secretsStored, isBool),
    }
  },
  add(form: ConnectionForm): Promise<Connection> {
    const wire = wireForm({ ...form, id: 0 })
    return call(() => Connections.Add(wire)) as Promise<Connection>
  },
  update(form: ConnectionForm): Promise<Connection> {
    const wire = wireForm(form)
    return call(() => Connections.Update(wire)) as Promise<Connection>
  },
  /** Resolves with the result also when the test failed (ok=false); rejects only if it could not run. */
  async test(id: number): Promise<TestResult> {
    return normaliseTestResult(await call(() => Connections.Test(id)))
  },
  remove(id: number): Promise<void> {
    return call(() => Connections.Remove(id))
  },
  /** Opens the system browser on the server's sign-in page; resolves once the refresh token is stored. */
  signIn(id: number): Promise<void> {
    return call(() => Connections.SignIn(id))
  },
}
