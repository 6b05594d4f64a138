// Scroll benchmark: Debian's Chromium (playwright-core) scrolls the sessions table of the data
// folder `make bench` leaves behind (about a million sessions in ten orgs) and measures the
// longest frame with the Performance API: requestAnimationFrame deltas, plus the
// long-animation-frame and longtask entries where Chromium reports them. Target: no frame
// longer than 100 ms. Run by tools/bench-scroll.sh, which provides BENCH_BASE_URL.
import { chromium } from 'playwright-core'

const base = process.env.BENCH_BASE_URL
const command = process.env.BENCH_COMMAND || 'node frontend/tests/e2e/scroll-bench.mjs'
const targetMs = 100
const wheelSteps = 40 // per wheel phase, 400 px each
const dragSteps = 40 // scrollbar-drag positions from top to bottom
const rowsTimeout = 20000 // ms allowed for the rows of a jump to arrive

const scroller = '[data-testid="sessions-table"] .scroller'

// Installed in the page: frame timing that only records while a phase runs.
function installMonitor() {
  const m = { running: false, frames: [], loaf: [], longtasks: [], last: 0 }
  window.__scrollBench = m
  const tick = (t) => {
    if (m.running) {
      if (m.last) m.frames.push(t - m.last)
      m.last = t
    } else {
      m.last = 0
    }
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  const observe = (type, into) => {
    try {
      new PerformanceObserver((list) => {
        if (!m.running) return
        for (const e of list.getEntries()) into.push(e.duration)
      }).observe({ type, buffered: false })
      return true
    } catch {
      return false
    }
  }
  return { loaf: observe('long-animation-frame', m.loaf), longtask: observe('longtask', m.longtasks) }
}

async function startPhase(page) {
  await page.evaluate(() => {
    const m = window.__scrollBench
    Object.assign(m, { frames: [], loaf: [], longtasks: [], last: 0, running: true })
  })
}

async function endPhase(page) {
  // Two more frames so the last one's length is known.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
  return page.evaluate(() => {
    const m = window.__scrollBench
    m.running = false
    const max = (l) => (l.length ? Math.max(...l) : 0)
    return {
      frames: m.frames.length,
      longestFrame: max(m.frames),
      over50: m.frames.filter((d) => d > 50).length,
      longestLoaf: max(m.loaf),
      longestTask: max(m.longtasks),
    }
  })
}

// Resolves when the rows on screen are real rows (no loading placeholders) around `index`.
async function rowsShown(page, index) {
  const t0 = Date.now()
  await page.waitForFunction(({ sel, index }) => {
    const el = document.querySelector(sel)
    if (!el) return false
    const top = el.getBoundingClientRect().top
    const bottom = top + el.clientHeight
    const onScreen = (r) => {
      const b = r.getBoundingClientRect()
      return b.bottom > top + 30 && b.top < bottom
    }
    if ([...el.querySelectorAll('[data-testid="session-row-placeholder"]')].some(onScreen)) return false
    const rows = [...el.querySelectorAll('[data-testid="session-row"]')].filter(onScreen)
    if (rows.length === 0) return false
    return index === undefined || rows.some((r) => Math.abs(Number(r.dataset.index) - index) <= 60)
  }, { sel: scroller, index }, { timeout: rowsTimeout, polling: 'raf' })
  return Date.now() - t0
}

async function setScroll(page, fraction) {
  return page.evaluate(({ sel, fraction }) => {
    const el = document.querySelector(sel)
    el.scrollTop = Math.round((el.scrollHeight - el.clientHeight) * fraction)
    return el.scrollTop
  }, { sel: scroller, fraction })
}

async function wheel(page, steps, dy) {
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, dy)
    await page.waitForTimeout(25)
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
})
let failed = false
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  const errors = []
  // The same known, harmless error the e2e test ignores.
  page.on('pageerror', (e) => { if (!String(e).includes("reading 'nodes'")) errors.push(String(e)) })
  await page.goto(base)
  await page.getByTestId('connection-item').first().waitFor({ timeout: 60000 })
  await page.getByTestId('all-orgs').click()
  await page.waitForFunction(() => {
    const t = document.querySelector('[data-testid="sessions-table"]')
    return t && Number(t.dataset.total) > 0 && document.querySelector('[data-testid="session-row"]')
  }, null, { timeout: 60000 })
  const total = Number(await page.getByTestId('sessions-table').getAttribute('data-total'))
  const orgs = await page.getByTestId('connection-item').count()
  const box = await page.locator(scroller).boundingBox()
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  const observers = await page.evaluate(installMonitor)
  await page.waitForTimeout(500)
  console.log(`\nscroll benchmark: ${total} sessions of ${orgs} orgs in the sessions table (Chromium, 1400×900)`)
  console.log(`command: ${command}`)
  console.log(`frame timing: requestAnimationFrame deltas${observers.loaf ? ', long-animation-frame' : ''}${observers.longtask ? ', longtask' : ''}`)

  const phases = []
  const phase = async (name, fn) => {
    await startPhase(page)
    const extra = await fn()
    const r = { name, ...(await endPhase(page)), ...extra }
    phases.push(r)
    const waited = r.rowsMs === undefined ? '' : `  rows shown after ${r.rowsMs} ms`
    console.log(`  ${name.padEnd(34)} longest frame ${r.longestFrame.toFixed(1).padStart(6)} ms` +
      `  (${r.frames} frames, ${r.over50} over 50 ms; longest LoAF ${r.longestLoaf.toFixed(0)} ms, task ${r.longestTask.toFixed(0)} ms)${waited}`)
  }
  const indexAt = (fraction) => Math.round((total - 1) * fraction)

  await phase('wheel at the top', async () => {
    await wheel(page, wheelSteps, 400)
    return { rowsMs: await rowsShown(page) }
  })
  await phase('jump to the middle', async () => {
    await setScroll(page, 0.5)
    return { rowsMs: await rowsShown(page, indexAt(0.5)) }
  })
  await phase('wheel in the middle', async () => {
    await wheel(page, wheelSteps, 400)
    return { rowsMs: await rowsShown(page) }
  })
  await phase('jump to the end', async () => {
    await setScroll(page, 1)
    return { rowsMs: await rowsShown(page, total - 1) }
  })
  await phase('wheel up from the end', async () => {
    await wheel(page, wheelSteps, -400)
    return { rowsMs: await rowsShown(page) }
  })
  await phase('drag the scrollbar top to bottom', async () => {
    for (let i = 1; i <= dragSteps; i++) {
      await setScroll(page, i / dragSteps)
      await page.waitForTimeout(50)
    }
    return { rowsMs: await rowsShown(page, total - 1) }
  })

  const worst = phases.reduce((a, b) => (b.longestFrame > a.longestFrame ? b : a))
  const ok = worst.longestFrame <= targetMs
  console.log(`summary (command: ${command})`)
  console.log(`  ${'longest frame while scrolling'.padEnd(44)} ${(worst.longestFrame.toFixed(1) + ' ms').padEnd(14)} ${('≤ ' + targetMs + ' ms').padEnd(12)} ${ok ? 'ok' : 'MISS'}  (${worst.name})`)
  const loaf = Math.max(...phases.map((p) => p.longestLoaf))
  console.log(`  ${'longest main-thread frame (LoAF)'.padEnd(44)} ${(loaf.toFixed(0) + ' ms').padEnd(14)} (0 = none over 50 ms; the rest of a long frame is raster / compositing)`)
  const lastRow = await page.locator(`[data-testid="session-row"][data-index="${total - 1}"]`).count()
  if (lastRow !== 1) throw new Error(`the last row (${total - 1}) is not rendered at the end`)
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`)
} catch (e) {
  failed = true
  console.error('scroll benchmark FAILED:', e)
} finally {
  await browser.close()
}
process.exit(failed ? 1 : 0)
