// E2E for issue 13 in the window: a review is exported as a signed bundle from the File menu,
// then opened by a SECOND app instance (`--bundle FILE`, an empty home, no connections, its own
// port) on a second page: the same session counts, flags and map places, the signer's
// fingerprint in the read-only banner, actions that would change something disabled, and the
// signer trusted from the banner. A copy with one byte changed is refused — by File ▸ Open
// bundle… with a message naming what failed, and by `sessionscope verify` with exit status 6.
// On the bundle it also writes the CSV of the view and the review report, and screenshots the
// rendered report.
// Called by run.mjs right after flags.mjs (whose closed review it exports), with its browser and page.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const step = (s) => console.log(`e2e bundle: ${s}`)

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

// What a page shows of the whole workspace: the table's total, the Flagged view's total and
// the map's places with their session counts.
async function whatItShows(page) {
  await page.getByTestId('all-orgs').click()
  await page.getByTestId('filter-input').fill('')
  await page.getByTestId('view-sessions').click()
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="sessions-total"]')
    return el && el.dataset.loading === 'false' && el.dataset.total !== '' && Number(el.dataset.total) > 0
  }, null, { timeout: 30000 })
  const sessions = Number(await page.getByTestId('sessions-total').getAttribute('data-total'))
  await page.getByTestId('view-flagged').click()
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="flagged-table"]')
    return el && el.dataset.loading === 'false' && el.dataset.total !== ''
  }, null, { timeout: 30000 })
  const flagged = Number(await page.getByTestId('flagged-table').getAttribute('data-total'))
  await page.getByTestId('view-map').click()
  await page.locator('[data-testid="session-map"][data-loading="false"]').waitFor({ timeout: 30000 })
  await page.getByTestId('map-place').first().waitFor({ timeout: 30000 })
  const places = await page.getByTestId('map-place').evaluateAll((ps) =>
    ps.map((p) => `${p.dataset.place}=${p.dataset.sessions}`).sort())
  await page.getByTestId('view-sessions').click()
  return { sessions, flagged, places }
}

// The second instance: the dev binary on the bundle, an empty home, its own port and cache.
async function secondInstance(file, scratch) {
  const port = await freePort()
  const home = join(scratch, 'auditor-home')
  const log = join(scratch, 'second-instance.log')
  const out = openSync(log, 'w')
  const app = spawn(process.env.E2E_BIN, ['--home', home, '--bundle', file], {
    stdio: ['ignore', out, out],
    env: { ...process.env, assetdir: join(process.cwd(), 'frontend', 'dist'), devserver: `127.0.0.1:${port}`,
      XDG_CACHE_HOME: join(scratch, 'cache') },
  })
  closeSync(out)
  const url = `http://127.0.0.1:${port}/`
  for (let i = 0; i < 150; i++) {
    if (app.exitCode !== null) throw new Error(`the second instance exited:\n${readFileSync(log, 'utf8')}`)
    try {
      if ((await fetch(url)).ok) return { app, url, log }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200))
  }
  app.kill()
  throw new Error(`the second instance did not answer on ${url}:\n${readFileSync(log, 'utf8')}`)
}

export async function offlineReview(browser, page) {
  const scratch = mkdtempSync(join(tmpdir(), 'sessionscope-e2e-bundle-'))
  let second = null
  try {
    // The review flags.mjs closed pins every org's current snapshot, so the bundle of it holds
    // what the window shows now (run before the bulk sign-out refreshes anything).
    const first = await whatItShows(page)
    step(`the workspace: ${first.sessions} sessions, ${first.flagged} flagged, ${first.places.length} map places`)

    step('File ▸ Export bundle… of that review')
    const file = join(scratch, 'review.ssbundle')
    await page.getByTestId('file-menu').click()
    await page.getByTestId('file-export-bundle').click()
    await page.getByTestId('export-bundle-dialog').waitFor()
    await page.getByTestId('export-bundle-file').locator('input').fill(file)
    await page.getByTestId('export-bundle-note').locator('input').fill('e2e: for the auditor')
    await page.getByTestId('export-bundle-run').click()
    await page.getByTestId('export-bundle-done').waitFor({ timeout: 60000 })
    const fingerprint = (await page.getByTestId('bundle-summary-fingerprint').textContent()).trim()
    assert.match(fingerprint, /^([0-9a-f]{4} ){7}[0-9a-f]{4}$/, `a signer fingerprint is shown (${fingerprint})`)
    assert.ok(existsSync(file), 'the bundle file was written')
    const held = Number(await page.getByTestId('bundle-summary-holds').getAttribute('data-sessions'))
    assert.equal(held, first.sessions, 'the bundle holds the sessions the window shows')
    await page.getByTestId('export-bundle-close').click()
    await page.getByTestId('export-bundle-dialog').waitFor({ state: 'hidden' })
    step(`wrote ${file}, signed by ${fingerprint}`)

    step('a second instance opens it with an empty home and no connections')
    second = await secondInstance(file, scratch)
    const auditor = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const errors = []
    auditor.on('pageerror', (e) => { if (!String(e).includes("reading 'nodes'")) errors.push(String(e)) })
    await auditor.goto(second.url)
    const banner = auditor.getByTestId('bundle-banner')
    await banner.waitFor({ timeout: 30000 })
    assert.equal((await auditor.getByTestId('bundle-banner-fingerprint').textContent()).trim(), fingerprint, 'the banner shows the signer')
    assert.equal(await banner.getAttribute('data-trust'), 'unknown', 'an empty home trusts nobody')
    const seen = await whatItShows(auditor)
    step(`the bundle: ${seen.sessions} sessions, ${seen.flagged} flagged, ${seen.places.length} map places`)
    assert.equal(seen.sessions, first.sessions, 'the same session count')
    assert.equal(seen.flagged, first.flagged, 'the same flagged sessions')
    assert.deepEqual(seen.places, first.places, 'the same map places and counts')

    step('read-only: refreshing is off, with the reason')
    const refreshAll = auditor.getByTestId('refresh-all')
    assert.ok(await refreshAll.isDisabled(), 'Refresh all is disabled on a bundle')
    assert.match(await refreshAll.getAttribute('title'), /read-only/)
    await auditor.getByTestId('file-menu').click()
    const exportItem = auditor.getByTestId('file-export-bundle')
    await exportItem.waitFor()
    assert.match(await exportItem.getAttribute('title'), /read-only/)
    await auditor.keyboard.press('Escape')

    step('trust the signer from the banner')
    await auditor.getByTestId('bundle-trust').click()
    await auditor.getByTestId('bundle-trust-name').locator('input').fill('E2E admin')
    await auditor.getByTestId('bundle-trust-confirm').click()
    await auditor.locator('[data-testid="bundle-banner"][data-trust="trusted"]').waitFor({ timeout: 15000 })
    assert.match(await auditor.getByTestId('bundle-banner-trust').textContent(), /E2E admin/)
    await auditor.screenshot({ path: join(process.env.E2E_ARTIFACTS || '.', 'e2e-bundle.png') })

    step('on the bundle: File ▸ Export CSV of this view… and File ▸ Review report…')
    const csv = join(scratch, 'view.csv')
    await auditor.getByTestId('file-menu').click()
    await auditor.getByTestId('file-export-csv').click()
    await auditor.getByTestId('csv-dialog').waitFor()
    await auditor.getByTestId('csv-file').locator('input').fill(csv)
    await auditor.getByTestId('csv-run').click()
    const csvDone = auditor.getByTestId('csv-done')
    await csvDone.waitFor({ timeout: 60000 })
    assert.equal(Number(await csvDone.getAttribute('data-rows')), seen.sessions, 'the CSV holds every session of the view')
    const lines = readFileSync(csv, 'utf8').split('\r\n').filter((l) => l !== '')
    assert.ok(lines[0].startsWith('\ufeffconnection,id,'), 'one header row, with the byte order mark for Excel')
    assert.ok(lines.length >= seen.sessions + 1, `a line per session after the header (${lines.length - 1})`)
    await auditor.getByTestId('csv-close').click()
    await auditor.getByTestId('csv-dialog').waitFor({ state: 'hidden' })
    const report = join(scratch, 'review.html')
    await auditor.getByTestId('file-menu').click()
    await auditor.getByTestId('file-report').click()
    await auditor.getByTestId('report-dialog').waitFor()
    await auditor.getByTestId('report-file').locator('input').fill(report)
    await auditor.getByTestId('report-run').click()
    await auditor.getByTestId('report-done').waitFor({ timeout: 60000 })
    await auditor.getByTestId('report-close').click()
    const html = readFileSync(report, 'utf8')
    assert.ok(html.includes(fingerprint), 'the report names the bundle\'s signer')
    const shown = await browser.newPage({ viewport: { width: 1100, height: 1400 } })
    await shown.goto(`file://${report}`)
    await shown.screenshot({ path: join(process.env.E2E_ARTIFACTS || '.', 'review-report.png'), fullPage: false })
    await shown.close()
    step(`CSV: ${lines.length - 1} sessions; report saved and rendered (review-report.png)`)
    assert.deepEqual(errors, [], 'no page errors on the bundle')
    await auditor.close()

    step('one byte changed: File ▸ Open bundle… refuses it and says what failed')
    const raw = readFileSync(file)
    raw[Math.floor(raw.length / 2)] ^= 0x01
    const changed = join(scratch, 'changed.ssbundle')
    writeFileSync(changed, raw)
    await page.getByTestId('file-menu').click()
    await page.getByTestId('file-open-bundle').click()
    await page.getByTestId('open-bundle-dialog').waitFor()
    await page.getByTestId('open-bundle-file').locator('input').fill(changed)
    await page.getByTestId('open-bundle-run').click()
    const refused = page.getByTestId('open-bundle-refused')
    await refused.waitFor({ timeout: 60000 })
    assert.equal(await refused.getAttribute('data-code'), 'tampered')
    const text = await refused.textContent()
    assert.match(text, /changed\.ssbundle/, 'the message names the file')
    assert.match(text, /changed|seal|digest|signature/, `the message says what failed: ${text}`)
    assert.equal(await page.getByTestId('open-bundle-done').count(), 0, 'nothing was opened')
    step(`refused: ${text.trim()}`)
    await page.getByTestId('open-bundle-close').click()
    await page.getByTestId('open-bundle-dialog').waitFor({ state: 'hidden' })

    const verify = spawnSync(process.env.E2E_BIN, ['--home', join(scratch, 'auditor-home'), 'verify', changed], { encoding: 'utf8' })
    assert.equal(verify.status, 6, `sessionscope verify exits 6 on a changed bundle (${verify.status}: ${verify.stderr})`)
    const intact = spawnSync(process.env.E2E_BIN, ['--home', join(scratch, 'auditor-home'), 'verify', '--trusted', file], { encoding: 'utf8' })
    assert.equal(intact.status, 0, `the original verifies, trusted (${intact.status}: ${intact.stderr})`)
    step('verify: 6 for the changed copy, 0 (trusted) for the original')
  } finally {
    if (second) {
      second.app.kill()
      await new Promise((r) => (second.app.exitCode !== null ? r() : second.app.once('exit', r)))
    }
    rmSync(scratch, { recursive: true, force: true })
  }
}
