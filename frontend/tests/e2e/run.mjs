// End-to-end test: Debian's Chromium (playwright-core) against the dev-tagged SessionScope
// binary serving the built frontend with the real Go backend on a demo workspace.
// Run by tools/e2e.sh, which provides E2E_BASE_URL, E2E_BIN, E2E_HOME and E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { bulkSignOut } from './bulk.mjs'
import { flagsAndReview } from './flags.mjs'
import { offlineReview } from './bundle.mjs'

const base = process.env.E2E_BASE_URL
const artifacts = process.env.E2E_ARTIFACTS || '.'
const step = (s) => console.log(`e2e: ${s}`)
const num = (s) => Number(String(s).replace(/[^0-9]/g, ''))

// What the demo simulators hold, asked of the simulators themselves (a separate process with
// the same seeds), not of the app under test.
function expectedActive() {
  return demoCounts().reduce((a, b) => a + b, 0)
}

function demoCounts() {
  const home = mkdtempSync(join(tmpdir(), 'sessionscope-e2e-count-'))
  try {
    const out = execFileSync(process.env.E2E_BIN, ['--home', home, 'demo', 'init'], { encoding: 'utf8' })
    const counts = [...out.matchAll(/: (\d+) active sessions/g)].map((m) => Number(m[1]))
    assert.ok(counts.length >= 2, `demo init printed no counts:\n${out}`)
    return counts
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}

// The users view: who holds the most sessions; clicking one shows exactly their sessions.
async function usersView(page) {
  await page.getByTestId('all-orgs').click()
  await page.getByTestId('filter-input').fill('')
  // The cleared box has landed in the shared filter (it is debounced) before the view changes.
  await page.waitForFunction(() => !document.querySelector('[data-testid="filter-chips"]'), null, { timeout: 15000 })
  await page.getByTestId('view-users').click()
  const first = page.getByTestId('user-row').first()
  await first.waitFor({ timeout: 15000 })
  const username = await first.getAttribute('data-username')
  const n = Number(await first.getAttribute('data-sessions'))
  const second = Number(await page.getByTestId('user-row').nth(1).getAttribute('data-sessions'))
  assert.ok(n >= second && n > 1, `users are ordered by session count (${n}, ${second})`)
  step(`users view: ${username} holds the most sessions (${n})`)
  await first.click()
  await page.getByTestId('username-chip').waitFor()
  await page.waitForFunction((want) => {
    const el = document.querySelector('[data-testid="sessions-total"]')
    const rows = [...document.querySelectorAll('[data-testid="session-row"]')]
    return el && Number(el.textContent.replace(/[^0-9]/g, '')) === want && rows.length > 0 && rows.length <= want
  }, n, { timeout: 15000 })
  const names = await page.locator('[data-testid="session-row"]').evaluateAll((rs) => rs.map((r) => r.dataset.username.toLowerCase()))
  assert.ok(names.every((x) => x === username.toLowerCase()), 'only that user\'s sessions are shown')
  await page.getByTestId('username-chip-clear').click()
  await page.getByTestId('username-chip').waitFor({ state: 'hidden' })
}

// A self-hosted Kratos (a simulator in its own process) is added, tested, refreshed and used
// through the UI, beside the demo orgs.
async function kratosThroughTheUI(page, demoTotal) {
  const sim = spawn(process.env.E2E_BIN, ['sim', '--kind', 'kratos', '--addr', '127.0.0.1:0', '--users', '60',
    '--seed', '9', '--org', 'Lab'], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    let out = ''
    const info = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the kratos simulator did not start')), 20000)
      sim.stdout.on('data', (d) => {
        out += d
        const url = out.match(/^url=(.*)$/m)
        const active = out.match(/^active sessions: (\d+)$/m)
        if (url && active) {
          clearTimeout(timer)
          resolve({ url: url[1].trim(), active: Number(active[1]) })
        }
      })
    })
    step(`kratos simulator at ${info.url} with ${info.active} active sessions`)
    await page.getByTestId('manage-connections').click()
    await page.getByTestId('connections-manager').waitFor()
    await page.getByTestId('add-connection').first().click()
    const form = page.getByTestId('connection-form')
    await form.waitFor()
    await page.getByTestId('connection-kind-select').click()
    await page.locator('[data-testid="connection-kind-option"][data-value="kratos"]').click()
    await page.getByTestId('connection-name').fill('Lab Kratos')
    await page.getByTestId('connection-url').fill(info.url)
    await form.getByTestId('connection-save').click()
    await page.getByTestId('connection-form-saved').waitFor({ timeout: 15000 })
    step('added; testing it')
    await form.getByTestId('connection-test').click()
    const result = form.getByTestId('connection-test-result')
    await result.waitFor({ timeout: 20000 })
    assert.equal(await result.getAttribute('data-ok'), 'true', `the test passed: ${await result.textContent()}`)
    await form.getByTestId('connection-cancel').click()
    await form.waitFor({ state: 'hidden' })
    await page.keyboard.press('Escape')
    await page.getByTestId('connections-manager').waitFor({ state: 'hidden' })

    step('refresh all, Kratos beside the demo orgs')
    await page.getByTestId('all-orgs').click()
    await page.getByTestId('filter-input').fill('')
    await page.getByTestId('refresh-all').click()
    const kratosItem = page.locator('[data-testid="connection-item"][data-connection-name="Lab Kratos"]')
    await page.getByTestId('refresh-progress').waitFor({ timeout: 15000 }).catch(() => {})
    await page.getByTestId('refresh-progress').waitFor({ state: 'hidden', timeout: 120000 })
    await kratosItem.click()
    await page.waitForFunction((n) => {
      const el = document.querySelector('[data-testid="sessions-total"]')
      return el && Number(el.textContent.replace(/[^0-9]/g, '')) === n
    }, info.active, { timeout: 20000 })
    step(`Lab Kratos shows ${info.active} sessions`)

    const row = page.locator('[data-testid="session-row"][data-ended="false"]').first()
    const id = await row.getAttribute('data-session-id')
    await row.click()
    await page.getByTestId('signout-button').click()
    await page.getByTestId('signout-dialog').waitFor()
    await page.getByTestId('signout-confirm').click()
    await page.locator(`[data-testid="session-row"][data-session-id="${id}"][data-ended="true"]`).waitFor({ timeout: 15000 })
    step(`signed out Kratos session ${id}`)
  } finally {
    sim.kill()
  }
}

// Waits until the table's total is n (the sessions-total counter) and no window is loading.
async function totalIs(page, n, timeout = 20000) {
  try {
    await page.waitForFunction((want) => {
      const el = document.querySelector('[data-testid="sessions-total"]')
      return el && el.dataset.loading !== 'true' && Number(el.textContent.replace(/[^0-9]/g, '')) === want
    }, n, { timeout })
  } catch (e) {
    const shown = await page.getByTestId('sessions-total').textContent().catch(() => '?')
    throw new Error(`the table total stayed "${shown}", expected ${n}: ${e.message}`)
  }
}

async function currentTotal(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="sessions-total"]')?.dataset.loading === 'false')
  return Number((await page.getByTestId('sessions-total').getAttribute('data-total')) || 0)
}

// Cells of one column of the rendered rows.
async function columnTexts(page, col) {
  return page.locator(`[data-testid="session-row"] [data-col="${col}"]`).evaluateAll((cs) => cs.map((c) => c.textContent.trim()))
}

// Issue 4 in the real window's frontend: CIDR and country filters, the map (click a place, the
// table follows), a user's travel path, and a snapshot comparison whose new sessions the table shows.
async function reviewAtScale(page) {
  await page.getByTestId('view-sessions').click()
  await page.getByTestId('all-orgs').click()
  await page.getByTestId('filter-input').fill('')
  const all = await currentTotal(page)

  step('filter by a CIDR range')
  const ips = await columnTexts(page, 'sourceIp')
  const ip = ips.find((x) => /^\d+\.\d+\.\d+\.\d+$/.test(x))
  assert.ok(ip, `an IPv4 address in the table (${ips.slice(0, 5)})`)
  const [a, b] = ip.split('.')
  const cidr = `${a}.${b}.0.0/16`
  await page.getByTestId('filter-input').fill(cidr)
  await page.waitForFunction(({ prefix, all }) => {
    const el = document.querySelector('[data-testid="sessions-total"]')
    const cells = [...document.querySelectorAll('[data-testid="session-row"] [data-col="sourceIp"]')]
    const t = Number(el.textContent.replace(/[^0-9]/g, ''))
    return el.dataset.loading === 'false' && t > 0 && t < all && cells.length > 0 && cells.every((c) => c.textContent.trim().startsWith(prefix))
  }, { prefix: `${a}.${b}.`, all }, { timeout: 20000 })
  step(`${cidr}: ${await currentTotal(page)} of ${all} sessions, every address inside it`)
  await page.getByTestId('filter-input').fill('')
  await totalIs(page, all)

  step('filter by country')
  await page.getByTestId('filters-more').click()
  await page.getByTestId('filters-panel').waitFor()
  await page.getByTestId('filter-countries').click()
  const option = page.getByTestId('filter-country-option').first()
  await option.waitFor()
  const cc = await option.getAttribute('data-value')
  await option.click()
  await page.getByTestId('filters-panel-close').click()
  await page.locator(`[data-testid="filter-chip"][data-key="countries"]`).waitFor()
  await page.waitForFunction(({ cc, all }) => {
    const el = document.querySelector('[data-testid="sessions-total"]')
    const cells = [...document.querySelectorAll('[data-testid="session-row"] [data-col="location"]')]
    const t = Number(el.textContent.replace(/[^0-9]/g, ''))
    return el.dataset.loading === 'false' && t > 0 && t < all && cells.length > 0 &&
      cells.every((c) => new RegExp(`(^|, )${cc}$`).test(c.textContent.trim()))
  }, { cc, all }, { timeout: 20000 })
  step(`country ${cc}: ${await currentTotal(page)} sessions, every location in ${cc}`)
  await page.locator('[data-testid="filter-chip-remove"][data-key="countries"]').click()
  await totalIs(page, all)

  step('open the map and click a place')
  await page.getByTestId('view-map').click()
  const map = page.getByTestId('session-map')
  await page.locator('[data-testid="session-map"][data-loading="false"]').waitFor({ timeout: 30000 })
  const places = Number(await map.getAttribute('data-places'))
  assert.ok(places > 3, `the map shows places (${places})`)
  assert.ok(Number(await page.getByTestId('map-canvas').getAttribute('data-drawn')) > 0, 'circles are drawn')
  const place = page.getByTestId('map-place').first()
  const key = await place.getAttribute('data-place')
  const atPlace = Number(await place.getAttribute('data-sessions'))
  await place.click()
  await page.locator('[data-testid="session-map"][data-places="1"][data-loading="false"]').waitFor({ timeout: 20000 })
  await totalIs(page, atPlace)
  await page.locator('[data-testid="filter-chip"][data-key="place"]').waitFor()
  step(`place "${key}": the table follows with ${atPlace} sessions`)
  await page.locator('[data-testid="filter-chip-remove"][data-key="place"]').click()
  await totalIs(page, all)

  step('a user\'s travel path')
  await page.getByTestId('filter-input').fill('camille.laurent@acme')
  await page.locator('[data-testid="session-row"][data-username^="camille.laurent@acme"]').first().waitFor({ timeout: 15000 })
  await page.locator('[data-testid="session-row"]').first().click()
  const travel = page.locator('[data-testid="travel-panel"][data-loading="false"]')
  await travel.waitFor({ timeout: 20000 })
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="travel-panel"]')?.dataset.legs) >= 2, null, { timeout: 20000 })
  const legs = await page.getByTestId('travel-leg').evaluateAll((ls) => ls.map((l) => ({
    impossible: l.dataset.impossible === 'true', km: Number(l.dataset.km), kmh: Number(l.dataset.kmh),
  })))
  assert.ok(legs.length >= 2, `legs: ${JSON.stringify(legs)}`)
  assert.ok(legs.some((l) => l.impossible && l.km > 5000 && l.kmh > 1000), `an impossible leg: ${JSON.stringify(legs)}`)
  step(`travel: ${legs.length} legs, ${legs.filter((l) => l.impossible).length} impossible (${legs.map((l) => `${l.km} km @ ${l.kmh} km/h`).join(', ')})`)
  await page.getByTestId('filter-input').fill('')
  await page.keyboard.press('Escape')

  step('compare the last two snapshots of Acme and show the new sessions')
  await page.getByTestId('view-sessions').click()
  await page.getByTestId('open-history').click()
  await page.locator('[data-testid="history-drawer"][data-loading="false"]').waitFor({ timeout: 20000 })
  await page.getByTestId('history-org').click()
  await page.getByTestId('history-org-option').filter({ hasText: 'Acme Corp' }).first().click()
  await page.getByTestId('diff-compare').click()
  const summary = page.getByTestId('diff-summary')
  await summary.waitFor({ timeout: 20000 })
  const fresh = Number(await page.getByTestId('diff-new-sessions').getAttribute('data-count'))
  assert.ok(fresh > 0, `the second refresh brought new sessions to Acme (${fresh})`)
  await page.getByTestId('diff-show-new').click()
  await page.getByTestId('history-drawer').waitFor({ state: 'hidden' })
  await page.locator('[data-testid="filter-chip"][data-key="newOnly"]').waitFor()
  await totalIs(page, fresh)
  step(`Acme: ${fresh} new sessions since the previous refresh, and the table shows exactly them`)
  await page.getByTestId('filter-chips-clear-all').click()
}

// About (the settings drawer) shows the version the binary was stamped with, as --version does.
async function aboutVersion(page) {
  step('About shows the version the binary was built with')
  const version = execFileSync(process.env.E2E_BIN, ['--version'], { encoding: 'utf8' }).trim().replace(/^sessionscope /, '')
  assert.notEqual(version, 'dev', 'the build stamps a version (make devbin)')
  await page.getByTestId('open-settings').click()
  await page.locator('[data-testid="about-version"]').filter({ hasText: version }).waitFor({ timeout: 10000 })
  assert.equal(await page.getByTestId('about-version').textContent(), version)
  await page.keyboard.press('Escape')
  await page.getByTestId('settings-drawer').waitFor({ state: 'hidden' })
  step(`About: version ${version}, as sessionscope --version says`)
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
  const orgs = demoCounts().length
  const want = expectedActive()
  step(`the ${orgs} demo simulators hold ${want} active sessions`)
  await page.goto(base)
  await page.getByTestId('connection-item').first().waitFor({ timeout: 30000 })
  assert.equal(await page.getByTestId('connection-item').count(), orgs, 'every demo org in the sidebar')

  // First run: the demo workspace was never refreshed, so the window refreshes it by itself.
  step('the window fills itself on first run, without a click on Refresh all')
  await page.getByTestId('all-orgs').click()
  const total = page.getByTestId('sessions-total')
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid="sessions-total"]')
    return el && Number(el.textContent.replace(/[^0-9]/g, '')) === n
  }, want, { timeout: 120000 })
  step(`table total = ${num(await total.textContent())}`)
  const rendered = await page.getByTestId('session-row').count()
  assert.ok(rendered > 5 && rendered < 400, `the table renders a window of rows, not all of them (${rendered})`)

  step('sort by username')
  // The click on "All orgs" left the pointer on the sidebar, whose "Last refresh" popover
  // opened once the first-run refresh filled it in and now covers the header: move away first.
  await total.hover()
  await page.waitForTimeout(400)
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
  await page.getByTestId('filter-input').fill('a')
  await page.locator('[data-testid="session-row"][data-username^="a"]').first().waitFor({ timeout: 15000 })
  const firstUser = await page.locator('[data-testid="session-row"][data-current="false"][data-username*="@"]').first()
    .getAttribute('data-username')
  assert.ok(firstUser, 'rows carry their username')
  await page.getByTestId('filter-input').fill(firstUser)
  // The filter has landed when every row shown is that user's and the total is theirs alone.
  await page.waitForFunction((u) => {
    const rows = [...document.querySelectorAll('[data-testid="session-row"]')]
    const t = Number(document.querySelector('[data-testid="sessions-total"]').textContent.replace(/[^0-9]/g, ''))
    return rows.length > 0 && rows.length === t && rows.every((r) => r.dataset.username.toLowerCase().startsWith(u.toLowerCase()))
  }, firstUser, { timeout: 15000 })
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
  await page.keyboard.press('Escape')
  await usersView(page)
  await kratosThroughTheUI(page, want)
  await reviewAtScale(page)
  await flagsAndReview(page)
  await offlineReview(browser, page)
  await aboutVersion(page)
  await bulkSignOut(page)
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
