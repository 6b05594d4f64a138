// The one filter box takes a user or an IP. Text that can only be the start of an address goes
// to the IP filter: digits and dots (IPv4), or hex digits with at least one colon (IPv6); either
// may end in "/bits", a CIDR range (the Go side matches it as a range, not a prefix).
const IPV4_PREFIX = /^[0-9.]+(\/\d{0,3})?$/
const IPV6_PREFIX = /^[0-9a-f:]+(\/\d{0,3})?$/i

export function isIpPrefix(text: string): boolean {
  const t = text.trim()
  if (t === '') return false
  if (IPV4_PREFIX.test(t)) return /\d/.test(t)
  return IPV6_PREFIX.test(t) && t.includes(':')
}

export interface SearchFilter {
  user: string
  ip: string
}

export function routeSearch(text: string): SearchFilter {
  const t = text.trim()
  return isIpPrefix(t) ? { user: '', ip: t } : { user: t, ip: '' }
}

export const SEARCH_DEBOUNCE_MS = 250
