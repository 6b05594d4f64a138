// The connection form without Vue: what is required, what is sent, what a test result means.
// The form is rendered from a kind's descriptor; nothing here knows a particular kind.
import type { InputHTMLAttributes } from 'vue'
import type { Connection, ConnectionForm, Kind, TestResult } from '../api'
import { CODE_AUTH, CODE_BAD_REQUEST, CODE_BAD_RESPONSE, CODE_NOT_FOUND, CODE_PERMISSION, CODE_RATE_LIMIT, CODE_UNAVAILABLE } from '../api'

/** The non-secret part of the form. Secret values never live here (see ConnectionFormModal). */
export interface Draft {
  kind: string
  name: string
  url: string
  options: Record<string, string>
}

export function emptyDraft(kind = ''): Draft {
  return { kind, name: '', url: '', options: {} }
}

const blank = (v: string | undefined) => (v ?? '').trim() === ''

/** Labels of the required fields left empty. A stored secret counts as filled. */
export function missingFields(
  kind: Kind | undefined,
  draft: Draft,
  secrets: Record<string, string>,
  secretsStored: Record<string, boolean>,
): string[] {
  if (!kind) return ['Kind']
  const out: string[] = []
  if (blank(draft.name)) out.push('Name')
  if (blank(draft.url)) out.push('URL')
  for (const o of kind.options) {
    if (!o.required) continue
    const empty = o.secret ? !secretsStored[o.name] && blank(secrets[o.name]) : blank(draft.options[o.name])
    if (empty) out.push(o.label)
  }
  return out
}

/**
 * What Add/Update receive: every non-secret option of the kind (trimmed) and only the secrets
 * that were typed; a secret left empty (or only spaces) is not sent, so the stored one stays.
 */
export function toConnectionForm(kind: Kind, draft: Draft, secrets: Record<string, string>, id = 0): ConnectionForm {
  const options: Record<string, string> = {}
  const sent: Record<string, string> = {}
  for (const o of kind.options) {
    if (o.secret) {
      const v = secrets[o.name]
      if (typeof v === 'string' && v.trim() !== '') sent[o.name] = v
    } else {
      options[o.name] = (draft.options[o.name] ?? '').trim()
    }
  }
  return { id, kind: kind.kind, name: draft.name.trim(), url: draft.url.trim(), options, secrets: sent }
}

/** Attributes of a form field's real <input>: the test id (also its id, for <label for>), no autofill. */
export function inputAttrs(testid: string, o: { required: boolean; invalid: boolean; secret?: boolean }): InputHTMLAttributes {
  return {
    id: testid,
    'data-testid': testid,
    spellcheck: false,
    autocapitalize: 'off',
    // new-password: browsers and password managers must not fill in a stored login here.
    autocomplete: o.secret ? 'new-password' : 'off',
    'aria-required': o.required ? 'true' : undefined,
    'aria-invalid': o.invalid ? 'true' : undefined,
  } as InputHTMLAttributes
}

export type TestVerdict = 'ok' | 'missing_permissions' | 'failed'

export function verdict(r: TestResult): TestVerdict {
  if (r.ok) return 'ok'
  return !r.error && r.permissions.some((p) => !p.ok) ? 'missing_permissions' : 'failed'
}

/** What the admin should do after a failed test. Empty when the test passed. */
export function nextStep(r: TestResult): string {
  if (r.ok) return ''
  const hints = r.permissions.filter((p) => !p.ok && p.hint).map((p) => p.hint)
  if (verdict(r) === 'missing_permissions') {
    return 'Signed in, but permissions are missing: grant them (see the hints above), then test again.'
  }
  switch (r.errorCode) {
    case CODE_AUTH:
      return 'Sign in again / check the credential: edit the connection, replace the stored credential (for example a new refresh token), save, then test again.'
    case CODE_PERMISSION:
      return hints.length > 0
        ? `${hints.join(' ')} Then test again.`
        : 'The account is signed in but not allowed to do this: grant it the missing permission, then test again.'
    case CODE_UNAVAILABLE:
      return 'Check the URL / network: is the URL right, is the server up, do you need a VPN or proxy? Then test again.'
    case CODE_RATE_LIMIT:
      return 'The API allowance is used up: wait until it resets, then test again.'
    case CODE_NOT_FOUND:
      return 'Check the URL: the server did not find what SessionScope asked for (or the connection was removed).'
    case CODE_BAD_REQUEST:
    case CODE_BAD_RESPONSE:
      return 'Check the URL and the options (for example the API version), then test again.'
    default:
      return 'Check the URL and the credentials (edit the connection), then test again.'
  }
}

export interface StatusInfo {
  /** Short text for lists and the sidebar. */
  label: string
  tone: 'ok' | 'error' | 'warning' | 'muted'
  /** What to do next, when something is to be done. */
  next: string
}

export function statusInfo(c: Pick<Connection, 'status' | 'message' | 'demo'>): StatusInfo {
  switch (c.status) {
    case 'ok':
      return { label: 'OK', tone: 'ok', next: '' }
    case 'error':
      return { label: 'Refresh failed', tone: 'error', next: 'Test the connection to see why, or edit its settings.' }
    case 'needs_signin':
      return {
        label: 'Needs sign-in',
        tone: 'warning',
        next: c.demo ? 'Remove and reopen the demo workspace.' : 'Edit the connection and replace the credential.',
      }
    default:
      return { label: 'Not refreshed yet', tone: 'muted', next: 'Refresh it to fetch its sessions.' }
  }
}
