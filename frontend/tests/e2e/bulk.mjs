// End-to-end scenario of bulk sign-out (issue 11), run by run.mjs on its page: tick rows by
// checkbox and a shift-click range and sign them out; then select all sessions matching a
// filter across orgs, preview, give the reason, type the count, run, watch it finish, and find
// the job in the jobs list, its per-session results, the entries in the audit trail, Verify
// saying the trail is intact, and the CSV export.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

const step = (s) => console.log(`e2e bulk: ${s}`)

async function settled(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="sessions-total"]')?.dataset.loading === 'false', null, { timeout: 20000 })
  return Number((await page.getByTestId('sessions-total').getAttribute('data-total')) || 0)
}

// The indices of rendered rows whose checkbox can be ticked, in order.
async function tickable(page) {
  return page.locator('[data-testid="session-row"]').evaluateAll((rs) =>
    rs.filter((r) => !r.querySelector('[data-testid="row-tick"]').disabled).map((r) => Number(r.dataset.index)).sort((a, b) => a - b))
}

const tick = (page, index, modifiers = []) =>
  page.locator(`[data-testid="session-row"][data-index="${index}"] [data-testid="row-tick"]`).click({ modifiers })

async function selectionCount(page) {
  return Number(await page.getByTestId('selection-bar').getAttribute('data-count'))
}

// Preview → reason → (typed count) → start; returns the job id and the planned session count.
async function previewAndRun(page, button, reason) {
  await page.getByTestId(button).click()
  const dialog = page.locator('[data-testid="bulk-plan"][data-ready="true"]')
  await dialog.waitFor({ timeout: 30000 })
  const sessions = Number((await page.getByTestId('bulk-plan-sessions').textContent()).replace(/[^0-9]/g, ''))
  const orgs = await page.getByTestId('bulk-plan-org').count()
  assert.ok(sessions > 0, 'the plan acts on some sessions')
  assert.equal(await page.getByTestId('bulk-plan-start').isDisabled(), true, 'no start before a reason is given')
  await page.getByTestId('bulk-reason').locator('textarea').fill(reason)
  const confirm = page.getByTestId('bulk-confirm')
  const typed = await confirm.count() > 0
  if (typed) {
    assert.equal(await page.getByTestId('bulk-plan-start').isDisabled(), true, 'no start before the count is typed')
    await confirm.locator('input').fill(String(sessions))
  }
  await page.getByTestId('bulk-plan-start').click()
  await dialog.waitFor({ state: 'hidden', timeout: 15000 })
  const progress = page.getByTestId('job-progress').first()
  await progress.waitFor({ timeout: 15000 })
  const jobId = Number(await progress.getAttribute('data-job-id'))
  step(`job ${jobId} started: ${sessions} sessions in ${orgs} org(s)${typed ? ', count typed to confirm' : ''}`)
  const card = page.locator(`[data-testid="job-progress"][data-job-id="${jobId}"]`)
  await page.locator(`[data-testid="job-progress"][data-job-id="${jobId}"]:not([data-state="running"]):not([data-state="re-checking"])`)
    .waitFor({ timeout: 180000 })
  assert.equal(await card.getAttribute('data-state'), 'done', await card.textContent())
  const ended = Number((await card.getByTestId('job-ended').textContent()).replace(/[^0-9]/g, ''))
  const gone = Number((await card.getByTestId('job-gone').textContent()).replace(/[^0-9]/g, ''))
  const failed = Number((await card.getByTestId('job-failed').textContent()).replace(/[^0-9]/g, ''))
  // Counts are of the job's items: a session each, or a user where the server ends a user's
  // sessions in one call.
  assert.equal(failed, 0, 'nothing failed')
  assert.ok(ended + gone > 0, `sessions were ended (${ended} ended, ${gone} already gone)`)
  step(`job ${jobId} done: ${ended} ended, ${gone} already gone`)
  await card.getByTestId('job-dismiss').click()
  return { jobId, sessions, orgs }
}

// Connections added by earlier scenarios whose simulators have stopped would fail every
// sign-out sent to them: the bulk scenario works on the demo orgs alone.
async function removeStoppedConnections(page) {
  await page.getByTestId('manage-connections').click()
  await page.getByTestId('connections-manager').waitFor()
  const others = page.locator('[data-testid="connection-manager-row"][data-demo="false"]')
  while (await others.count() > 0) {
    const name = await others.first().getAttribute('data-connection-name')
    await others.first().getByTestId('connection-remove').click()
    await page.getByTestId('connection-remove-confirm').click()
    await page.locator(`[data-testid="connection-manager-row"][data-connection-name="${name}"]`).waitFor({ state: 'hidden', timeout: 15000 })
    step(`removed the connection ${name} (its simulator has stopped)`)
  }
  await page.keyboard.press('Escape')
  await page.getByTestId('connections-manager').waitFor({ state: 'hidden' })
}

export async function bulkSignOut(page) {
  await removeStoppedConnections(page)
  await page.getByTestId('view-sessions').click()
  await page.getByTestId('all-orgs').click()
  await page.getByTestId('filter-input').fill('m')
  await page.locator('[data-testid="session-row"][data-username^="m"]').first().waitFor({ timeout: 15000 })
  await settled(page)

  step('tick two sessions, then shift-click a range')
  const rows = await tickable(page)
  const start = rows.findIndex((i, k) => rows[k + 3] === i + 3) // four tickable rows in a row
  assert.ok(start >= 0, `four tickable rows in a row (${rows.slice(0, 12)})`)
  const first = rows[start]
  await tick(page, first)
  await tick(page, first + 1)
  assert.equal(await selectionCount(page), 2)
  await tick(page, first + 3, ['Shift'])
  assert.equal(await selectionCount(page), 4, 'the shift-click ticked the rows between')
  const ids = await page.locator('[data-testid="session-row"][data-ticked="true"]').evaluateAll((rs) => rs.map((r) => r.dataset.sessionId))
  assert.equal(ids.length, 4)
  await previewAndRun(page, 'selection-signout', 'e2e bulk: ticked rows')
  // Ended, and after the job's re-check (a refresh) no longer listed by their servers at all.
  await page.waitForFunction((gone) => !gone.some((id) =>
    document.querySelector(`[data-testid="session-row"][data-session-id="${CSS.escape(id)}"][data-ended="false"]`)), ids, { timeout: 30000 })
  step('the ticked sessions are ended or gone from the table')

  step('select all sessions matching a filter across orgs')
  const again = await tickable(page)
  await tick(page, again[0])
  assert.equal(await selectionCount(page), 1)
  let total = 0
  for (const prefix of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'j', 'k', 'l', 'n', 'p', 'r', 's', 't']) {
    await page.getByTestId('filter-input').fill(prefix)
    await page.locator(`[data-testid="filter-chip"][data-key="user"][data-value="${prefix}"]`).waitFor({ timeout: 15000 })
    total = await settled(page)
    if (total > 100 && total < 1500) break
  }
  assert.ok(total > 100, `a filter matching more than the confirmation threshold (${total})`)
  assert.equal(await page.getByTestId('selection-bar').count(), 0, 'a new filter cleared the ticks')
  await page.getByTestId('select-all').click()
  assert.equal(await page.getByTestId('selection-bar').getAttribute('data-mode'), 'filter')
  assert.equal(await selectionCount(page), total, 'all matching, kept as the filter')
  const reason = `e2e bulk: all matching, ${Date.now()}`
  const run = await previewAndRun(page, 'selection-signout', reason)
  assert.ok(run.orgs >= 2, `the filter spans orgs (${run.orgs})`)

  step('the job is in the jobs list, with its per-session results')
  await page.getByTestId('jobs-open').click()
  const entry = page.locator(`[data-testid="job-entry"][data-job-id="${run.jobId}"]`)
  await entry.waitFor({ timeout: 15000 })
  assert.equal(await entry.getAttribute('data-state'), 'done')
  assert.ok((await entry.textContent()).includes(reason), 'the job shows its reason')
  await entry.getByTestId('job-results-toggle').click()
  await entry.getByTestId('job-item').first().waitFor({ timeout: 15000 })
  const states = await entry.getByTestId('job-item').evaluateAll((rs) => rs.map((r) => r.dataset.state))
  assert.ok(states.length > 0 && states.every((s) => s === 'ended' || s === 'already_gone'), `per-session results (${[...new Set(states)]})`)
  await page.keyboard.press('Escape')
  await page.locator('[data-testid="job-entry"]').first().waitFor({ state: 'hidden' })

  step('the audit trail holds the job, Verify says it is intact, the CSV export has it')
  await page.getByTestId('audit-open').click()
  await page.getByTestId('audit-list').waitFor()
  await page.getByTestId('audit-filter-text').locator('input').fill(reason)
  await page.getByTestId('audit-filter-apply').click()
  const entries = page.getByTestId('audit-entry').filter({ hasText: reason })
  await entries.first().waitFor({ timeout: 15000 })
  assert.ok(await entries.count() >= run.orgs, `one entry per org at least (${await entries.count()})`)
  await page.getByTestId('audit-verify').click()
  const check = page.getByTestId('audit-check')
  await check.waitFor({ timeout: 30000 })
  assert.equal(await check.getAttribute('data-ok'), 'true', await check.textContent())
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.getByTestId('audit-export').click()])
  const csv = readFileSync(await download.path(), 'utf8')
  assert.ok(csv.startsWith('id,') && csv.includes(reason), 'the CSV holds the filtered entries')
  step(`audit: ${await entries.count()} entries for the job, chain intact, CSV of ${csv.trim().split('\n').length - 1} rows`)
  await page.getByTestId('audit-filter-clear').click()
  await page.keyboard.press('Escape')
  await page.getByTestId('filter-input').fill('')
  await page.locator('[data-testid="filter-chip"][data-key="user"]').waitFor({ state: 'hidden', timeout: 15000 })
}
