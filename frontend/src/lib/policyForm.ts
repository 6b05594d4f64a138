// The policy editor's form: a draft of the overrides, the change it makes, and the server's
// field errors placed on their fields. The backend parses and validates every value (one set
// of rules for the window and the command line); nothing here second-guesses it.
import type { FieldError, PolicyField, PolicyView } from '../api'

/** Fields holding comma-separated lists, edited in a text area. */
export const LIST_FIELDS = new Set(['approved_countries', 'approved_networks', 'approved_integrations'])

/** One text per field: its override ('' = inherit the server's setting or the default). */
export function draftOf(p: PolicyView): Record<string, string> {
  return Object.fromEntries(p.fields.map((f) => [f.name, f.override]))
}

/** The fields whose text differs from the stored override (trimmed; '' clears it). */
export function changesOf(p: PolicyView, draft: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of p.fields) {
    const next = (draft[f.name] ?? '').trim()
    if (next !== f.override.trim()) out[f.name] = next
  }
  return out
}

/** What a field falls back to without an override, and where that comes from. */
export function inherited(f: PolicyField): string {
  if (f.server !== '') return `Server's setting: ${f.server}`
  return f.default === '' ? 'Default: none' : `Default: ${f.default}`
}

export interface PlacedErrors {
  /** Field name → message. */
  fields: Record<string, string>
  /** Errors of the change as a whole, or of fields the form does not show. */
  general: string[]
}

/** Puts each error on its field; the rest are general. */
export function placeErrors(errors: readonly FieldError[], fields: readonly PolicyField[]): PlacedErrors {
  const known = new Set(fields.map((f) => f.name))
  const out: PlacedErrors = { fields: {}, general: [] }
  for (const e of errors) {
    if (e.field && known.has(e.field)) out.fields[e.field] = out.fields[e.field] ? `${out.fields[e.field]}; ${e.msg}` : e.msg
    else out.general.push(e.field ? `${e.field}: ${e.msg}` : e.msg)
  }
  return out
}
