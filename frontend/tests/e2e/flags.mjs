// E2E for issue 12 in the window: the Flagged view with the simulators' planted cases and their
// reasons, the flag filter on the table, the policy editor (a field error, a preview, a save that
// changes the flags without a refresh) and a weekly review started, worked and closed.
// Called by run.mjs after the second refresh (the Kratos step), which is what makes the drift
// of chloe.dubois visible.
import assert from 'node:assert/strict'

const step = (s) => console.log(`e2e: ${s}`)

async function flaggedTotal(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="flagged-table"]')
    return el && el.dataset.loading === 'false' && el.dataset.total !== ''
  }, null, { timeout: 20000 })
  return Number(await page.getByTestId('flagged-table').getAttribute('data-total'))
}

// Filters the Flagged view to a user prefix and opens the first of their rows flagged for rule;
// returns the reason the detail pane shows for that rule.
async function plantedCase(page, user, rule) {
  await page.getByTestId('filter-input').fill(user)
  const row = page.locator(`[data-testid="flagged-row"][data-username^="${user}"][data-flag-rules~="${rule}"]`).first()
  await row.waitFor({ timeout: 20000 })
  await row.click()
  const flag = page.locator(`[data-testid="detail-pane"] [data-testid="detail-flag"][data-rule="${rule}"]`).first()
  await flag.waitFor({ timeout: 15000 })
  return (await flag.getByTestId('detail-flag-reason').textContent()).trim()
}

// Picks an option of a Naive select (the menu is at the end of <body>; the select itself may
// show the chosen option's label too).
async function pick(page, selectTestid, optionTestid, value) {
  await page.getByTestId(selectTestid).click()
  await page.locator(`.n-base-select-menu [data-testid="${optionTestid}"][data-value="${value}"]`).click()
}

export async function flagsAndReview(page) {
  await page.getByTestId('all-orgs').click()
  await page.getByTestId('filter-input').fill('')
  await page.getByTestId('view-flagged').click()
  await page.getByTestId('flagged-view').waitFor()
  const all = await flaggedTotal(page)
  assert.ok(all > 0, `the demo has flagged sessions (${all})`)
  const severities = await page.locator('[data-testid="flagged-row"]').evaluateAll((rs) => rs.map((r) => r.dataset.severity))
  const rank = { high: 3, medium: 2, low: 1 }
  assert.ok(severities.every((s, i) => i === 0 || rank[s] <= rank[severities[i - 1]]), `most severe first: ${severities.slice(0, 30)}`)
  step(`Flagged view: ${all} sessions, most severe first`)

  const moscow = await plantedCase(page, 'sofia.martins', 'impossible_travel')
  assert.match(moscow, /Moscow/, moscow)
  assert.match(moscow, /km\/h/, moscow)
  step(`sofia.martins: impossible travel — ${moscow}`)
  const drift = await plantedCase(page, 'chloe.dubois', 'session_drift')
  assert.match(drift, /Nigeria|NG/, drift)
  step(`chloe.dubois: session drift after the second refresh — ${drift}`)
  const kratos = await plantedCase(page, 'lena.hoffmann', 'session_drift')
  assert.match(kratos, /device list/, kratos)
  step(`Kratos lena.hoffmann: session drift from the devices list — ${kratos}`)
  const traveller = await plantedCase(page, 'camille.laurent', 'impossible_travel')
  assert.match(traveller, /km\/h/, traveller)
  step(`camille.laurent (Paris, New York, Singapore within the hour): impossible travel — ${traveller}`)
  const six = await plantedCase(page, 'priya.raman', 'too_many_sessions')
  // Six planted; the demo's second refresh may have added a login of hers since.
  const many = Number(/(\d+) sessions at once/.exec(six)?.[1] ?? 0)
  assert.ok(many >= 6, six)
  step(`priya.raman: too many sessions — ${six}`)
  const stale = await plantedCase(page, 'integration@', 'integration_stale')
  assert.ok(stale.length > 0, 'the months-old API session says why')
  step(`integration@: a months-old API session — ${stale}`)
  await page.getByTestId('filter-input').fill('')
  await page.keyboard.press('Escape')

  step('filter the table by a rule')
  await page.getByTestId('view-sessions').click()
  await pick(page, 'flag-filter', 'flag-filter-option', 'rule:impossible_travel')
  await page.locator('[data-testid="filter-chip"][data-key="flagRule"]').waitFor()
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="sessions-total"]')
    const rows = [...document.querySelectorAll('[data-testid="session-row"]')]
    return el.dataset.loading === 'false' && rows.length > 0 &&
      rows.every((r) => r.dataset.flagRules.split(' ').includes('impossible_travel') && r.querySelector('[data-testid="flag-badge"]'))
  }, null, { timeout: 20000 })
  const travellers = Number(await page.getByTestId('sessions-total').getAttribute('data-total'))
  assert.ok(travellers > 0 && travellers < all, `impossible travel: ${travellers} of ${all} flagged`)
  step(`impossible travel: ${travellers} sessions in the table, each with its badge`)
  await page.locator('[data-testid="filter-chip-remove"][data-key="flagRule"]').click()
  await page.locator('[data-testid="filter-chip"][data-key="flagRule"]').waitFor({ state: 'hidden' })

  step('policy: a bad CIDR is refused on its field; a valid change is previewed, then saved')
  await page.getByTestId('view-flagged').click()
  await page.getByTestId('open-policy').click()
  await page.getByTestId('policy-drawer').waitFor()
  await pick(page, 'policy-org', 'policy-org-option', await page.locator('[data-testid="connection-item"][data-connection-name="Acme Corp (demo)"]').getAttribute('data-connection-id'))
  await page.locator('[data-testid="policy-editor"][data-loading="false"] [data-testid="policy-field"]').first().waitFor({ timeout: 15000 })
  await page.getByTestId('policy-input-approved_networks').fill('10.0.0.0/33')
  await page.getByTestId('policy-preview-button').click()
  const fieldError = page.locator('[data-testid="policy-field-error"][data-field="approved_networks"]')
  await fieldError.waitFor({ timeout: 15000 })
  step(`field error: ${(await fieldError.textContent()).trim()}`)
  await page.getByTestId('policy-input-approved_networks').fill('')
  await page.getByTestId('policy-input-max_sessions').fill('2')
  // Acme approves the countries it works from; sofia.martins' login from Moscow is then outside.
  await page.getByTestId('policy-input-approved_countries').fill('PT, ES, FR, DE, GB, IE, NL, IT, US, CA, IN, SG, AU, JP, BR')
  await page.getByTestId('policy-preview-button').click()
  const preview = page.getByTestId('policy-preview')
  await preview.waitFor({ timeout: 30000 })
  const before = Number(await preview.getAttribute('data-current'))
  const after = Number(await preview.getAttribute('data-proposed'))
  assert.ok(after > before, `at most 2 sessions per user flags more (${before} → ${after})`)
  step(`preview: Acme ${before} → ${after} flagged sessions (at most 2 sessions per user, 15 approved countries)`)
  await page.getByTestId('policy-save').click()
  const acme = page.locator('[data-testid="connection-item"][data-connection-name="Acme Corp (demo)"] [data-testid="connection-flags"]')
  await page.waitForFunction((n) => Number(document.querySelector(
    '[data-testid="connection-item"][data-connection-name="Acme Corp (demo)"] [data-testid="connection-flags"]')?.dataset.flagged) === n,
  after, { timeout: 30000 })
  step(`saved: the sidebar shows ${await acme.getAttribute('data-flagged')} flagged for Acme, without a refresh`)
  await page.keyboard.press('Escape')
  await page.getByTestId('policy-drawer').waitFor({ state: 'hidden' })
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="flagged-table"]')?.dataset.total) === n,
    all - before + after, { timeout: 20000 })
  const outside = await plantedCase(page, 'sofia.martins', 'country_outside_policy')
  assert.match(outside, /Russia/, outside)
  assert.match(outside, /not an approved country/, outside)
  step(`sofia.martins: a country outside the new policy — ${outside}`)
  await page.getByTestId('filter-input').fill('')
  await page.keyboard.press('Escape')
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="flagged-table"]')?.dataset.total) === n,
    all - before + after, { timeout: 20000 })

  step('weekly review: start, mark one, close')
  await page.getByTestId('open-review').click()
  await page.getByTestId('review-start-form').waitFor({ timeout: 15000 })
  assert.ok((await page.getByTestId('review-pins').textContent()).includes('Acme Corp (demo)'), 'the review says what it pins')
  await page.getByTestId('review-start').click()
  const progress = page.getByTestId('review-progress')
  await progress.waitFor({ timeout: 30000 })
  const items = Number(await progress.getAttribute('data-items'))
  assert.ok(items === all - before + after, `the review covers every flagged session (${items})`)
  assert.equal(await progress.getAttribute('data-reviewed'), '0')
  const item = page.getByTestId('review-item').first()
  const itemId = await item.getAttribute('data-item-id')
  await item.getByTestId('review-decision').click()
  await page.locator('.n-base-select-menu [data-testid="review-decision-option"][data-value="expected"]').click()
  await item.getByTestId('review-note').fill('e2e: known traveller')
  await item.getByTestId('review-mark').click()
  await page.locator(`[data-testid="review-item"][data-item-id="${itemId}"][data-reviewed="true"]`).waitFor({ timeout: 15000 })
  await page.locator('[data-testid="review-progress"][data-reviewed="1"]').waitFor({ timeout: 15000 })
  step(`marked one: 1 of ${items} reviewed`)
  await page.getByTestId('review-reviewer').fill('E2E Reviewer')
  await page.getByTestId('review-close').click()
  const closed = page.getByTestId('review-closed')
  await closed.waitFor({ timeout: 15000 })
  assert.match(await closed.textContent(), /E2E Reviewer/)
  assert.equal(await page.getByTestId('review-mark').count(), 0, 'a closed review is read-only')
  step('closed by E2E Reviewer; read-only')
  await page.keyboard.press('Escape')
  await page.getByTestId('review-panel').waitFor({ state: 'hidden' })
  await page.getByTestId('view-sessions').click()
}
