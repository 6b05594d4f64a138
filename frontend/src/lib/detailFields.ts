import type { SessionDetail, SessionRow } from '../api'
import {
  NOT_REPORTED,
  formatCoordinates,
  formatDateTime,
  formatFull,
  formatPlace,
  formatRelative,
  orDash,
  parseTime,
} from './format'

export interface Field {
  label: string
  value: string
  title?: string
  mono?: boolean
  testid?: string
}

export interface FieldGroup {
  title: string
  fields: Field[]
}

function when(value: string, now: number): Field['value'] {
  return parseTime(value) ? `${formatDateTime(value)} (${formatRelative(value, now)})` : '—'
}

const GEO_SOURCES: Record<string, string> = {
  server: 'Reported by the server (login geo)',
  geoip: 'GeoIP lookup of the source IP (MaxMind database)',
  dbip: 'GeoIP lookup of the source IP (IP geolocation by DB-IP, CC BY 4.0)',
  private: 'Private or local network address: no location',
}

/** Every field of a session, grouped the way the detail pane shows them. */
export function detailGroups(r: SessionRow, d: SessionDetail | null, now: number): FieldGroup[] {
  return [
    {
      title: 'User',
      fields: [
        { label: 'Name', value: orDash(r.name) },
        { label: 'Username', value: orDash(r.username) },
        { label: 'User ID', value: orDash(r.userId), mono: true },
        { label: 'User type', value: orDash(r.userType) },
      ],
    },
    {
      title: 'Session',
      fields: [
        { label: 'Org', value: orDash(r.connection) },
        { label: 'Session ID', value: orDash(r.displayId), mono: true, testid: 'detail-session-id' },
        { label: 'Parent ID', value: orDash(r.parentId), mono: true },
        { label: 'Session type', value: orDash(r.sessionType) },
        { label: 'Login type', value: orDash(r.loginType) },
        { label: 'Security level', value: orDash(r.securityLevel) },
        { label: 'Application', value: orDash(r.application) },
      ],
    },
    {
      title: 'Timing',
      fields: [
        { label: 'Login time', value: when(r.createdAt, now), title: formatFull(r.createdAt) },
        r.lastActiveUnreported
          ? { label: 'Last active', value: NOT_REPORTED, title: 'This server keeps no last-activity time for its sessions' }
          : { label: 'Last active', value: when(r.lastActiveAt, now), title: formatFull(r.lastActiveAt) },
        { label: 'Expires', value: when(r.expiresAt, now), title: formatFull(r.expiresAt) },
        ...(r.endedAt ? [{ label: 'Ended', value: when(r.endedAt, now), title: formatFull(r.endedAt) }] : []),
        { label: 'Snapshot', value: d ? when(d.snapshotAt, now) : '…', title: d ? formatFull(d.snapshotAt) : undefined },
      ],
    },
    {
      title: 'Network & location',
      fields: [
        { label: 'Source IP', value: orDash(r.sourceIp), mono: true },
        { label: 'Location', value: formatPlace(r) },
        { label: 'Coordinates', value: formatCoordinates(r.latitude, r.longitude), mono: true },
        { label: 'Region', value: orDash(r.subdivision) },
        { label: 'Network (ASN)', value: r.asn ? `AS${r.asn}${r.asnOrg ? ` · ${r.asnOrg}` : ''}` : '—', testid: 'detail-asn' },
        { label: 'Location from', value: r.geoSource ? (GEO_SOURCES[r.geoSource] ?? r.geoSource) : '—', testid: 'detail-geo-source' },
      ],
    },
    {
      title: 'Device',
      fields: [
        { label: 'Browser', value: orDash(r.browser) },
        { label: 'Platform', value: orDash(r.platform) },
        { label: 'Device type', value: orDash(r.deviceType), testid: 'detail-device-type' },
        { label: 'User agent', value: orDash(r.userAgent), mono: true },
      ],
    },
  ]
}
