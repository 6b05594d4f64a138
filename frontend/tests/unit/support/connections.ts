import type { Connection, Kind, TestResult } from '../../../src/api/types'

/** A descriptor like the Go side sends; nothing in the form may depend on its particular names. */
export const salesforce: Kind = {
  kind: 'salesforce',
  displayName: 'Salesforce',
  sessionIdIsSecret: true,
  noLastActive: false,
  urlHelp: 'Your My Domain URL, e.g. https://acme.my.salesforce.com',
  signIn: true,
  options: [
    { name: 'client_id', label: 'Consumer key', help: 'The external client app key', secret: false, required: true },
    { name: 'api_version', label: 'API version', help: 'e.g. 64.0', secret: false, required: false },
    { name: 'refresh_token', label: 'Refresh token', help: 'OAuth refresh token', secret: true, required: true },
    { name: 'client_secret', label: 'Consumer secret', help: 'Only if required', secret: true, required: false },
  ],
}

export const keycloak: Kind = {
  kind: 'keycloak',
  displayName: 'Keycloak',
  sessionIdIsSecret: false,
  noLastActive: false,
  urlHelp: '',
  signIn: false,
  options: [
    { name: 'realm', label: 'Realm', help: '', secret: false, required: true },
    { name: 'client_secret', label: 'Client secret', help: '', secret: true, required: true },
  ],
}

const caps = { revokeOne: true, revokeBatch: true, maxBatch: 200, revokeUser: true, containUser: false, loginHistory: false, policy: false, health: true, whoAmI: true, rateLimit: true }

export function makeConnection(over: Partial<Connection> = {}): Connection {
  return {
    id: 4,
    name: 'Acme Prod',
    kind: 'salesforce',
    kindName: 'Salesforce',
    url: 'https://acme.my.salesforce.com',
    demo: false,
    status: 'ok',
    message: '',
    lastRefresh: '',
    sessionCount: 0,
    capabilities: caps,
    ...over,
  }
}

export function testResult(over: Partial<TestResult> = {}): TestResult {
  return { ok: true, signedInAs: '', permissions: [], limits: '', error: '', errorCode: '', ...over }
}
