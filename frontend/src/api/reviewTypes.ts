// Plain shapes of what crosses the bridge for the review views: the map and travel paths,
// snapshots and comparisons, filter facets, login history and the GeoIP settings. Re-exported
// by types.ts; checks.ts proves they match the generated models.
import type { SessionFilter } from './types'

export interface MapQuery {
  filter: SessionFilter
  /** Places, largest first; 0 = 5000. */
  limit: number
}

export interface MapPlace {
  /** The place key; set it as filter.place to show its sessions. */
  place: string
  city: string
  subdivision: string
  country: string
  countryCode: string
  latitude: number
  longitude: number
  sessions: number
  /** User accounts (a user in two orgs counts in each). */
  users: number
}

export interface MapView {
  places: MapPlace[]
  /** Places in all (more than places.length when cut). */
  total: number
  located: number
  unlocated: number
}

export interface PlaceUser {
  username: string
  name: string
  sessions: number
}

export interface TravelStop {
  connection: string
  displayId: string
  place: string
  city: string
  country: string
  latitude: number
  longitude: number
  at: string
  sourceIp: string
}

export interface TravelLeg {
  /** Indexes into stops. */
  from: number
  to: number
  km: number
  hours: number
  /** Implied speed; 0 when both logins were at the same instant. */
  kmh: number
  /** Faster than an airliner over 500 km or more. */
  impossible: boolean
}

export interface TravelView {
  username: string
  stops: TravelStop[]
  legs: TravelLeg[]
  unlocated: number
}

export interface SnapshotView {
  id: number
  connectionId: number
  connection: string
  startedAt: string
  finishedAt: string
  status: string
  sessions: number
  error: string
  current: boolean
  /** Its sessions are still kept, so it can be compared. */
  comparable: boolean
  meta: Record<string, string>
}

/** Two snapshots of one org (0/0 = its latest against the one before); connectionId 0 = every org. */
export interface CompareQuery {
  connectionId: number
  from: number
  to: number
}

export interface UserDevice {
  username: string
  browser: string
  platform: string
}

export interface OrgDiff {
  connectionId: number
  connection: string
  from: string
  to: string
  fromSessions: number
  toSessions: number
  newSessions: number
  endedSessions: number
}

export interface DiffView {
  orgs: OrgDiff[]
  newSessions: number
  endedSessions: number
  newUsers: string[]
  newUserCount: number
  newCountries: string[]
  newDevices: UserDevice[]
  newDeviceCount: number
  /** Orgs with nothing to compare yet, and why. */
  skipped: string[]
}

export interface Country {
  code: string
  name: string
}

export interface Facets {
  countries: Country[]
  sessionTypes: string[]
  loginTypes: string[]
  securityLevels: string[]
  deviceTypes: string[]
}

export interface GeoSettings {
  cityDb: string
  asnDb: string
  inUse: string[]
  attributions: string[]
}

export interface LoginView {
  at: string
  status: string
  sourceIp: string
  detail: string
  /** "City, CC" of the address; '' when unknown. */
  place: string
}

/** A user's recent logins; supported=false where the server keeps none the app can read. */
export interface LoginHistoryView {
  supported: boolean
  logins: LoginView[]
}
