import { describe, expect, it, vi } from 'vitest'
import { WindowCache, type WindowPage } from '../../src/lib/windowCache'

interface Call {
  offset: number
  limit: number
  resolve: (total?: number) => void
  reject: (e: unknown) => void
}

/** A fake backend whose answers the test releases by hand, so ordering is under control. */
function harness(opts: { total?: number; windowSize?: number; maxWindows?: number; maxConcurrent?: number } = {}) {
  const calls: Call[] = []
  let total = opts.total ?? 10_000
  const fetch = vi.fn((offset: number, limit: number) => {
    return new Promise<WindowPage<number>>((res, rej) => {
      calls.push({
        offset,
        limit,
        resolve: (t = total) => {
          const rows: number[] = []
          for (let i = offset; i < Math.min(offset + limit, t); i++) rows.push(i)
          res({ rows, total: t })
        },
        reject: rej,
      })
    })
  })
  const onChange = vi.fn()
  const onError = vi.fn()
  const cache = new WindowCache<number>({
    fetch,
    windowSize: opts.windowSize ?? 200,
    maxWindows: opts.maxWindows ?? 20,
    maxConcurrent: opts.maxConcurrent ?? 3,
    onChange,
    onError,
  })
  const settle = () => new Promise<void>((r) => setTimeout(r, 0))
  return {
    cache,
    fetch,
    calls,
    onChange,
    onError,
    settle,
    setTotal: (t: number) => (total = t),
    /** Answers every pending call, in order. */
    async answerAll() {
      while (calls.length) {
        calls.shift()!.resolve()
        await settle()
      }
    },
    offsets: () => fetch.mock.calls.map((c) => c[0]),
  }
}

describe('WindowCache', () => {
  it('fetches the first window when nothing is known yet, and learns the total from it', async () => {
    const h = harness({ total: 100_000 })
    expect(h.cache.total).toBeNull()
    h.cache.request(0, 0)
    expect(h.offsets()).toEqual([0])
    expect(h.cache.loading).toBe(true)
    await h.answerAll()
    expect(h.cache.total).toBe(100_000)
    expect(h.cache.loading).toBe(false)
    expect(h.cache.getRow(0)).toBe(0)
    expect(h.cache.getRow(199)).toBe(199)
  })

  it('aligns requests to window boundaries and asks for exactly one window each time', async () => {
    const h = harness({ total: 100_000 })
    h.cache.request(0, 1)
    await h.answerAll()
    h.cache.request(4_950, 5_030) // spans windows 24 and 25
    expect(h.fetch.mock.calls.slice(1)).toEqual([
      [4_800, 200],
      [5_000, 200],
    ])
    for (const [offset, limit] of h.fetch.mock.calls) {
      expect(offset % 200).toBe(0)
      expect(limit).toBeLessThanOrEqual(200)
    }
  })

  it('never requests windows past the known total', async () => {
    const h = harness({ total: 450 })
    h.cache.request(0, 1)
    await h.answerAll()
    h.cache.request(300, 5_000)
    expect(h.offsets()).toEqual([0, 200, 400])
    await h.answerAll()
    expect(h.cache.getRow(449)).toBe(449)
    expect(h.cache.getRow(450)).toBeUndefined()
  })

  it('renders rows that are not loaded yet as undefined (placeholders)', async () => {
    const h = harness({ total: 1_000 })
    h.cache.request(0, 1)
    await h.answerAll()
    h.cache.request(400, 450)
    expect(h.cache.getRow(420)).toBeUndefined()
    expect(h.cache.getRow(10)).toBe(10)
    await h.answerAll()
    expect(h.cache.getRow(420)).toBe(420)
  })

  it('deduplicates: the same window is never in flight twice', async () => {
    const h = harness({ total: 10_000 })
    h.cache.request(0, 50)
    h.cache.request(10, 60)
    h.cache.request(0, 199)
    expect(h.fetch).toHaveBeenCalledTimes(1)
    await h.answerAll()
    h.cache.request(0, 199) // cached now
    expect(h.fetch).toHaveBeenCalledTimes(1)
  })

  it('keeps at most maxConcurrent requests in flight and drops queued windows no longer wanted', async () => {
    const h = harness({ total: 100_000, maxConcurrent: 2 })
    h.cache.request(0, 1)
    await h.answerAll()
    h.cache.request(1_000, 2_000) // windows 5..9
    expect(h.cache.inflightWindows()).toEqual([5, 6])
    expect(h.cache.queuedWindows()).toEqual([7, 8, 9])
    h.cache.request(50_000, 50_100) // user dragged far away: 7..9 are not wanted any more
    expect(h.cache.queuedWindows()).toEqual([250])
    await h.answerAll()
    expect(h.offsets()).toEqual([0, 1_000, 1_200, 50_000])
  })

  it('evicts the least recently used windows beyond maxWindows, but never a wanted one', async () => {
    const h = harness({ total: 100_000, maxWindows: 3 })
    for (const w of [0, 1, 2]) {
      h.cache.request(w * 200, w * 200 + 1)
      await h.answerAll()
    }
    expect(h.cache.cachedWindows()).toEqual([0, 1, 2])
    h.cache.request(10, 11) // touch window 0: now 1 is the least recently used
    expect(h.cache.cachedWindows()).toEqual([1, 2, 0])
    h.cache.request(3 * 200, 3 * 200 + 1)
    await h.answerAll()
    expect(h.cache.cachedWindows()).toEqual([2, 0, 3])
    expect(h.cache.getRow(200)).toBeUndefined()
    // A range wider than the cache keeps all of its windows.
    h.cache.request(0, 5 * 200)
    await h.answerAll()
    expect(h.cache.cachedWindows().sort()).toEqual([0, 1, 2, 3, 4])
    h.cache.request(0, 1)
    h.cache.request(4_000, 4_001)
    await h.answerAll()
    expect(h.cache.cachedWindows().length).toBe(3)
    expect(h.cache.cachedWindows()).toContain(20)
  })

  it('invalidate() forgets rows and total; an answer from before it is dropped', async () => {
    const h = harness({ total: 5_000 })
    h.cache.request(0, 1)
    await h.answerAll()
    h.cache.request(1_000, 1_001)
    const stale = h.calls.shift()!
    h.cache.invalidate()
    expect(h.cache.total).toBeNull()
    expect(h.cache.getRow(0)).toBeUndefined()
    expect(h.cache.generation).toBe(1)
    h.setTotal(30)
    h.cache.request(0, 50)
    stale.resolve(5_000) // arrives late, from the old filter
    await h.settle()
    expect(h.cache.total).toBeNull()
    expect(h.cache.getRow(1_000)).toBeUndefined()
    await h.answerAll()
    expect(h.cache.total).toBe(30)
    expect(h.cache.getRow(29)).toBe(29)
  })

  it('a stale failure is ignored too', async () => {
    const h = harness()
    h.cache.request(0, 1)
    const stale = h.calls.shift()!
    h.cache.invalidate()
    stale.reject(new Error('old'))
    await h.settle()
    expect(h.onError).not.toHaveBeenCalled()
    expect(h.cache.error).toBeUndefined()
  })

  it('the same window is fetched again after an invalidation (new generation, no false dedupe)', async () => {
    const h = harness()
    h.cache.request(0, 10)
    h.cache.invalidate()
    h.cache.request(0, 10)
    expect(h.offsets()).toEqual([0, 0])
  })

  it('invalidate({keepTotal}) keeps the total on screen but re-fetches even when it was 0', async () => {
    const h = harness({ total: 0 })
    h.cache.request(0, 200)
    await h.answerAll()
    expect(h.cache.total).toBe(0)
    h.cache.request(0, 200)
    expect(h.fetch).toHaveBeenCalledTimes(1) // total 0 known: nothing to ask
    h.setTotal(700)
    h.cache.invalidate({ keepTotal: true })
    expect(h.cache.total).toBe(0)
    h.cache.requestLast()
    expect(h.fetch).toHaveBeenCalledTimes(2)
    await h.answerAll()
    expect(h.cache.total).toBe(700)
  })

  it('shrinking totals drop windows past the end', async () => {
    const h = harness({ total: 1_000 })
    h.cache.request(0, 1_000)
    await h.answerAll()
    expect(h.cache.cachedWindows().length).toBe(5)
    h.setTotal(250)
    h.cache.reloadRow(0)
    await h.answerAll()
    expect(h.cache.total).toBe(250)
    expect(h.cache.cachedWindows().sort()).toEqual([0, 1])
    expect(h.cache.getRow(600)).toBeUndefined()
  })

  it('reloadRow() re-fetches one window and keeps its old rows until the answer', async () => {
    const h = harness({ total: 1_000 })
    h.cache.request(0, 400)
    await h.answerAll()
    h.cache.reloadRow(250)
    expect(h.offsets().slice(-1)).toEqual([200])
    expect(h.cache.getRow(250)).toBe(250)
    await h.answerAll()
    expect(h.fetch).toHaveBeenCalledTimes(3)
  })

  it('a newer reload of a window wins over an older one still in flight', async () => {
    const h = harness({ total: 1_000 })
    h.cache.request(0, 1)
    await h.answerAll()
    h.cache.reloadRow(0)
    h.cache.reloadRow(0)
    const [older, newer] = h.calls.splice(0, 2)
    newer.resolve(300)
    await h.settle()
    older.resolve(900)
    await h.settle()
    expect(h.cache.total).toBe(300)
  })

  it('a failed window is reported once and not retried on every scroll, until retry()', async () => {
    const h = harness({ total: 1_000 })
    h.cache.request(0, 1)
    h.calls.shift()!.reject({ code: 'internal', message: 'boom' })
    await h.settle()
    expect(h.onError).toHaveBeenCalledTimes(1)
    expect(h.cache.error).toEqual({ code: 'internal', message: 'boom' })
    expect(h.cache.loading).toBe(false)
    h.cache.request(0, 1)
    expect(h.fetch).toHaveBeenCalledTimes(1)
    h.cache.retry()
    expect(h.fetch).toHaveBeenCalledTimes(2)
    await h.answerAll()
    expect(h.cache.error).toBeUndefined()
    expect(h.cache.getRow(0)).toBe(0)
  })

  it('a fetch function that throws synchronously counts as a failed window', async () => {
    const onError = vi.fn()
    const cache = new WindowCache<number>({
      fetch: () => {
        throw new Error('no bridge')
      },
      onError,
    })
    cache.request(0, 10)
    await new Promise((r) => setTimeout(r, 0))
    expect(onError).toHaveBeenCalledTimes(1)
    expect(cache.loading).toBe(false)
  })

  it('truncates an over-long answer to the window size', async () => {
    const cache = new WindowCache<number>({
      windowSize: 10,
      fetch: async () => ({ rows: Array.from({ length: 25 }, (_, i) => i), total: 100 }),
    })
    cache.request(0, 5)
    await new Promise((r) => setTimeout(r, 0))
    expect(cache.getRow(9)).toBe(9)
    expect(cache.getRow(10)).toBeUndefined()
  })

  it('findIndex() finds a cached row by content and returns its global index', async () => {
    const h = harness({ total: 1_000 })
    h.cache.request(400, 600)
    await h.answerAll()
    expect(h.cache.findIndex((r) => r === 512)).toBe(512)
    expect(h.cache.findIndex((r) => r === 5)).toBe(-1)
  })

  it('tells its owner about every change', async () => {
    const h = harness({ total: 1_000 })
    h.cache.request(0, 1)
    const afterRequest = h.onChange.mock.calls.length
    expect(afterRequest).toBeGreaterThan(0)
    await h.answerAll()
    expect(h.onChange.mock.calls.length).toBeGreaterThan(afterRequest)
    const before = h.onChange.mock.calls.length
    h.cache.request(0, 1) // cached, nothing new
    expect(h.onChange.mock.calls.length).toBe(before)
  })
})
