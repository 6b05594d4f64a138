// Formatting for people: locale dates, relative times, counts, places. Unknown → "—", never
// "Invalid Date" or a Go zero time.
export const DASH = '—'
/** A value the server's API does not have (Kratos keeps no last-activity time), not an unknown one. */
export const NOT_REPORTED = 'not reported by this server'

/** Parses an RFC 3339 string; null for "", garbage, or a zero time. */
export function parseTime(value: string | null | undefined): Date | null {
  if (!value) return null
  const d = new Date(value)
  const t = d.getTime()
  // Go's zero time (0001-01-01) and the Unix epoch both mean "not known" here.
  if (Number.isNaN(t) || t <= 0) return null
  return d
}

const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' })
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' })
const numberFmt = new Intl.NumberFormat()

/** Short date and time in the user's locale. */
export function formatDateTime(value: string | null | undefined): string {
  const d = parseTime(value)
  return d ? dateTimeFmt.format(d) : DASH
}

/** Long form for tooltips (with seconds and time zone). */
export function formatFull(value: string | null | undefined): string {
  const d = parseTime(value)
  return d ? fullFmt.format(d) : DASH
}

export function formatCount(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? numberFmt.format(n) : DASH
}

/** The word for n of a thing: "session" for 1, else "sessions" (or the plural given). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many
}

/** n and its word, the number grouped: "1 session", "1,204 sessions". */
export function pluralCount(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${plural(n, one, many)}`
}

const UNITS: Array<[limitSeconds: number, secondsPerUnit: number, unit: string]> = [
  [60 * 60, 60, 'min'],
  [24 * 60 * 60, 60 * 60, 'h'],
  [60 * 24 * 60 * 60, 24 * 60 * 60, 'd'],
  [730 * 24 * 60 * 60, 30 * 24 * 60 * 60, 'mo'],
  [Number.POSITIVE_INFINITY, 365 * 24 * 60 * 60, 'y'],
]

/** "just now", "5 min ago", "3 h ago", "in 20 min"; "—" when unknown. */
export function formatRelative(value: string | null | undefined, now: number = Date.now()): string {
  const d = parseTime(value)
  if (!d) return DASH
  const diff = Math.round((d.getTime() - now) / 1000)
  const abs = Math.abs(diff)
  if (abs < 45) return 'just now'
  for (const [limit, per, unit] of UNITS) {
    if (abs < limit) {
      const n = Math.max(1, Math.round(abs / per))
      return diff < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`
    }
  }
  return DASH
}

/** "City, CC" with whatever parts are known. */
export function formatLocation(r: { city?: string; countryCode?: string; country?: string }): string {
  const parts = [r.city, r.countryCode || r.country].filter((p): p is string => !!p && p.trim() !== '')
  return parts.length ? parts.join(', ') : DASH
}

/** Full place: city, subdivision, country (CC). */
export function formatPlace(r: { city?: string; subdivision?: string; country?: string; countryCode?: string }): string {
  const country = r.country ? (r.countryCode ? `${r.country} (${r.countryCode})` : r.country) : r.countryCode
  const parts = [r.city, r.subdivision, country].filter((p): p is string => !!p && p.trim() !== '')
  return parts.length ? parts.join(', ') : DASH
}

export function formatCoordinates(lat?: number | null, lon?: number | null): string {
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return DASH
  return `${lat.toFixed(4)}, ${lon.toFixed(4)}`
}

export function orDash(v: string | null | undefined): string {
  return v && v.trim() !== '' ? v : DASH
}

let regionNames: Intl.DisplayNames | null | undefined

/** "DE" → "Germany" in the user's language; the code itself when the engine cannot say. */
export function countryName(code: string): string {
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames(undefined, { type: 'region' })
    } catch {
      regionNames = null
    }
  }
  try {
    return (code && regionNames?.of(code.toUpperCase())) || code
  } catch {
    return code
  }
}
