// The filter stores times as RFC 3339 UTC strings; <input type="datetime-local"> speaks local
// "YYYY-MM-DDTHH:MM". These convert between the two ('' stays '' both ways).

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-11-20T09:30" (local) → "2026-11-20T08:30:00Z"; '' for empty or invalid input. */
export function localInputToRfc3339(value: string): string {
  const v = value.trim()
  if (v === '') return ''
  // A bare date-time without zone is local time in every engine we target.
  const d = new Date(v.length === 16 || v.length === 19 ? v : NaN)
  if (Number.isNaN(d.getTime())) return ''
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** "2026-11-20T08:30:00Z" → "2026-11-20T09:30" (local); '' for empty or unparsable input. */
export function rfc3339ToLocalInput(value: string): string {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
