import type { SessionQuery, SessionRow } from '../../../src/api/types'

export function makeRow(i: number, connectionId = 1): SessionRow {
  return {
    connectionId,
    connection: `Org ${connectionId}`,
    id: `S${i}`,
    displayId: `S…${i}`,
    parentId: '',
    userId: `U${i % 100}`,
    username: `user${i}@example.com`,
    name: `User ${i}`,
    userType: 'Standard',
    sessionType: 'UI',
    loginType: 'Application',
    securityLevel: 'STANDARD',
    createdAt: '2026-11-20T10:00:00Z',
    lastActiveAt: '2026-11-20T11:00:00Z',
    lastActiveUnreported: false,
    expiresAt: '',
    sourceIp: `10.0.${Math.floor(i / 256) % 256}.${i % 256}`,
    city: 'Berlin',
    subdivision: 'Berlin',
    country: 'Germany',
    countryCode: 'DE',
    geoSource: 'geoip',
    asn: 0,
    asnOrg: '',
    deviceType: 'Desktop',
    browser: 'Firefox',
    platform: 'Linux',
    application: 'Browser',
    userAgent: 'UA',
    isCurrent: i === 1,
    endedAt: i === 2 ? '2026-11-20T12:00:00Z' : '',
    rowId: i + 1,
    flags: [],
  }
}

/** A Query implementation over `total` synthetic rows. */
export function fakeQuery(total: number) {
  return async (q: SessionQuery) => {
    const rows: SessionRow[] = []
    for (let i = q.offset; i < Math.min(total, q.offset + q.limit); i++) rows.push(makeRow(i))
    return { rows, total, offset: q.offset }
  }
}

/** jsdom does no layout: give every element a size so the virtualizer has a viewport. */
export function fakeLayout(height = 600, width = 1200): () => void {
  const proto = HTMLElement.prototype
  const saved = {
    clientHeight: Object.getOwnPropertyDescriptor(proto, 'clientHeight'),
    clientWidth: Object.getOwnPropertyDescriptor(proto, 'clientWidth'),
    offsetHeight: Object.getOwnPropertyDescriptor(proto, 'offsetHeight'),
    scrollHeight: Object.getOwnPropertyDescriptor(proto, 'scrollHeight'),
  }
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height })
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => width })
  Object.defineProperty(proto, 'offsetHeight', { configurable: true, get: () => height })
  Object.defineProperty(proto, 'scrollHeight', { configurable: true, get: () => 10_000_000 })
  return () => {
    for (const [k, d] of Object.entries(saved)) {
      if (d) Object.defineProperty(proto, k, d)
      else delete (proto as unknown as Record<string, unknown>)[k]
    }
  }
}

export const flush = () => new Promise<void>((r) => setTimeout(r, 0))
