import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ConnectionTestResult from '../../src/components/connections/ConnectionTestResult.vue'
import { missingFields, nextStep, toConnectionForm, verdict } from '../../src/lib/connectionForm'
import type { TestResult } from '../../src/api/types'
import { keycloak, salesforce, testResult } from './support/connections'

function render(result: TestResult) {
  const w = mount(ConnectionTestResult, { props: { result, connectionId: 3 } })
  const panel = w.get('[data-testid="connection-test-result"]')
  return { w, panel }
}

describe('ConnectionTestResult', () => {
  it('ok: signed in as, every permission with ✓, limits, no next step', () => {
    const { w, panel } = render(
      testResult({
        signedInAs: 'integration@acme.example',
        permissions: [
          { name: 'View Setup and Configuration', ok: true, hint: '' },
          { name: 'Manage Users', ok: true, hint: '' },
        ],
        limits: 'API requests: 1,200 of 15,000 used today',
      }),
    )
    expect(panel.attributes('data-ok')).toBe('true')
    expect(panel.attributes('data-connection-id')).toBe('3')
    expect(panel.text()).toContain('Connection works')
    expect(w.get('[data-testid="connection-test-signed-in"]').text()).toBe('Signed in as integration@acme.example')
    const perms = w.findAll('[data-testid="connection-test-permission"]')
    expect(perms.map((p) => [p.attributes('data-name'), p.attributes('data-ok')])).toEqual([
      ['View Setup and Configuration', 'true'],
      ['Manage Users', 'true'],
    ])
    expect(perms[0].text()).toContain('✓')
    expect(w.get('[data-testid="connection-test-limits"]').text()).toContain('1,200 of 15,000')
    expect(w.find('[data-testid="connection-test-next"]').exists()).toBe(false)
    expect(w.find('[data-testid="connection-test-error"]').exists()).toBe(false)
  })

  it('auth failure: the error and "sign in again / check the credential"', () => {
    const { w, panel } = render(testResult({ ok: false, error: 'INVALID_GRANT: expired access/refresh token (HTTP 400)', errorCode: 'auth' }))
    expect(panel.attributes('data-ok')).toBe('false')
    expect(panel.attributes('data-error-code')).toBe('auth')
    expect(panel.text()).toContain('Connection test failed')
    expect(w.get('[data-testid="connection-test-error"]').text()).toBe('INVALID_GRANT: expired access/refresh token (HTTP 400) [auth]')
    expect(w.get('[data-testid="connection-test-next"]').text()).toContain('Sign in again / check the credential')
  })

  it('unavailable: "check the URL / network"', () => {
    const { w } = render(testResult({ ok: false, error: 'dial tcp: no such host', errorCode: 'unavailable' }))
    expect(w.get('[data-testid="connection-test-next"]').text()).toContain('Check the URL / network')
  })

  it('missing permission: ✗ with its hint, and what to do', () => {
    const { w, panel } = render(
      testResult({
        ok: false,
        signedInAs: 'integration@acme.example',
        permissions: [
          { name: 'View Setup and Configuration', ok: true, hint: 'not shown when granted' },
          { name: 'Manage Users', ok: false, hint: 'Grant "Manage Users" to the integration user’s permission set' },
        ],
      }),
    )
    expect(panel.attributes('data-ok')).toBe('false')
    expect(panel.text()).toContain('Signed in, but permissions are missing')
    const [granted, missing] = w.findAll('[data-testid="connection-test-permission"]')
    expect(granted.text()).not.toContain('not shown when granted')
    expect(missing.attributes('data-ok')).toBe('false')
    expect(missing.text()).toContain('✗')
    expect(missing.text()).toContain('Grant "Manage Users"')
    expect(w.get('[data-testid="connection-test-next"]').text()).toContain('grant them')
  })

  it('permission error code: the hint is the next step', () => {
    const r = testResult({ ok: false, error: 'INSUFFICIENT_ACCESS', errorCode: 'permission', permissions: [{ name: 'Manage Users', ok: false, hint: 'Grant Manage Users.' }] })
    expect(verdict(r)).toBe('failed')
    expect(nextStep(r)).toBe('Grant Manage Users. Then test again.')
  })
})

describe('formModel', () => {
  it('missingFields: empty name/URL/required options; a stored secret counts as filled', () => {
    const draft = { kind: 'salesforce', name: ' ', url: '', options: { client_id: '' } }
    expect(missingFields(undefined, draft, {}, {})).toEqual(['Kind'])
    expect(missingFields(salesforce, draft, {}, {})).toEqual(['Name', 'URL', 'Consumer key', 'Refresh token'])
    const filled = { ...draft, name: 'A', url: 'u', options: { client_id: 'x' } }
    expect(missingFields(salesforce, filled, { refresh_token: '   ' }, {})).toEqual(['Refresh token'])
    expect(missingFields(salesforce, filled, {}, { refresh_token: true })).toEqual([])
  })

  it('toConnectionForm: options of the kind only, secrets only when typed', () => {
    const draft = { kind: 'keycloak', name: ' Corp ', url: ' https://sso.corp ', options: { realm: ' staff ', stale: 'x' } }
    expect(toConnectionForm(keycloak, draft, { client_secret: 's3cret', other: 'y' }, 8)).toEqual({
      id: 8, kind: 'keycloak', name: 'Corp', url: 'https://sso.corp', options: { realm: 'staff' }, secrets: { client_secret: 's3cret' },
    })
    expect(toConnectionForm(keycloak, draft, { client_secret: '' }).secrets).toEqual({})
    expect(toConnectionForm(keycloak, draft, { client_secret: '  ' }).secrets).toEqual({})
  })
})
