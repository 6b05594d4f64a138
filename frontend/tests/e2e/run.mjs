// End-to-end test: Debian's Chromium (playwright-core) against the dev-tagged SessionScope
// binary serving the built frontend with the real Go backend on a demo workspace.
// Run by tools/e2e.sh, which provides E2E_BASE_URL, E2E_BIN, E2E_HOME and E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const base = process.env.E2E_BASE_URL
const artifacts = process.env.E2E_ARTIFACTS || '.'
const step = (s) => console.log(`e2e: ${s}`)
const num = (s) => Number(String(s).replace(/[^0-9]/g, ''))

// What the demo simulators hold, asked of the simulators themselves (a separate process with
// the same seeds), not of the app under test.
function expectedActive() {
  const home = mkdtempSync(join(tmpdir(), 'sessionscope-e2e-count-'))
  try {
    const out = execFileSync(process.env.E2E_BIN, ['--home', home, 'demo', 'init'], { encoding: 'utf8' })
    const counts = [...out.matchAll(/: (\d+) active sessions/g)].map((m) => Number(m[1]))
    assert.ok(counts.length >= 2, `demo init printed no counts:\n${out}`)
    return counts.reduce((a, b) => a + b, 0)
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
})
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
const errors = []
page.on('pageerror', (e) => { if (!String(e).includes("reading 'nodes'")) errors.push(String(e)) })
let failed = false
try {
  const want = expectedActive()
  step(`the demo simulators hold ${want} active sessions`)
  await page.goto(base)
  await page.getByTestId('connection-item').first().waitFor({ timeout: 30000 })
  assert.equal(await page.getByTestId('connection-item').count(), 2, 'two demo orgs in the sidebar')

  step('refresh all')
  await page.getByTestId('all-orgs').click()
  await page.getByTestId('refresh-all').click()
  const total = page.getByTestId('sessions-total')
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid="sessions-total"]')
    return el && Number(el.textContent.replace(/[^0-9]/g, '')) === n
  }, want, { timeout: 120000 })
  step(`table total = ${num(await total.textContent())}`)
  const rendered = await page.getByTestId('session-row').count()
  assert.ok(rendered > 5 && rendered < 400, `the table renders a window of rows, not all of them (${rendered})`)

  step('sort by username')
  await page.getByTestId('header-username').click()
  await page.waitForTimeout(500)

  step('the admin\'s own session has a badge instead of a sign-out button')
  await page.getByTestId('filter-input').fill('admin@')
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="session-row"]')]
    return rows.length > 0 && rows.some((r) => r.dataset.current === 'true')
  }, null, { timeout: 15000 })
  await page.locator('[data-testid="session-row"][data-current="true"]').first().click()
  await page.getByTestId('own-session-badge').waitFor()
  assert.equal(await page.getByTestId('signout-button').count(), 0, 'no sign-out button on the own session')

  step('filter by a user')
  const rowsBefore = num(await total.textContent())
  await page.getByTestId('filter-input').fill('')
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid="sessions-total"]')
    return Number(el.textContent.replace(/[^0-9]/g, '')) === n
  }, want, { timeout: 15000 })
  const firstUser = await page.locator('[data-testid="session-row"][data-current="false"]').first()
    .getAttribute('data-username')
  assert.ok(firstUser, 'rows carry their username')
  await page.getByTestId('filter-input').fill(firstUser)
  await page.waitForFunction((n) => {
    const t = Number(document.querySelector('[data-testid="sessions-total"]').textContent.replace(/[^0-9]/g, ''))
    return t > 0 && t < n
  }, want, { timeout: 15000 })
  const filtered = num(await total.textContent())
  step(`filter "${firstUser}": ${filtered} sessions (was ${rowsBefore})`)
  const names = await page.locator('[data-testid="session-row"]').evaluateAll((rs) => rs.map((r) => r.dataset.username))
  assert.ok(names.every((n) => n.toLowerCase().startsWith(firstUser.toLowerCase())), 'every row matches the filter')

  step('open the detail pane')
  const row = page.locator('[data-testid="session-row"][data-current="false"][data-ended="false"]').first()
  const sessionId = await row.getAttribute('data-session-id')
  await row.click()
  await page.getByTestId('detail-pane').waitFor()
  assert.equal((await page.getByTestId('detail-username').textContent()).includes(firstUser), true)
  assert.ok((await page.getByTestId('detail-raw').textContent()).includes(sessionId) ||
    (await page.getByTestId('detail-pane').textContent()).includes(sessionId.slice(0, 6)), 'detail shows the session')

  step(`sign out ${sessionId}`)
  await page.getByTestId('signout-button').click()
  await page.getByTestId('signout-dialog').waitFor()
  const dialogText = await page.getByTestId('signout-dialog').textContent()
  assert.ok(dialogText.includes(firstUser), 'the confirmation names the user')
  await page.getByTestId('signout-reason').locator('textarea, input').first().fill('e2e: lost laptop')
  await page.getByTestId('signout-confirm').click()
  await page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"][data-ended="true"]`)
    .waitFor({ timeout: 15000 })

  step('audit entry visible')
  await page.getByTestId('audit-open').click()
  await page.getByTestId('audit-list').waitFor()
  const entry = page.getByTestId('audit-entry').filter({ hasText: 'e2e: lost laptop' })
  await entry.first().waitFor({ timeout: 10000 })
  assert.ok((await entry.first().textContent()).includes('ended'), 'the audit entry records the result')
  await page.screenshot({ path: join(artifacts, 'e2e-final.png') })
  assert.deepEqual(errors, [], 'no page errors')
  step('passed')
} catch (e) {
  failed = true
  console.error('e2e FAILED:', e)
  await page.screenshot({ path: join(artifacts, 'e2e-failure.png') }).catch(() => {})
} finally {
  await browser.close()
}
process.exit(failed ? 1 : 0)
