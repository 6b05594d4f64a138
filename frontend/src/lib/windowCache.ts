// A cache of fixed-size, aligned windows of rows fetched from the backend on demand. The table
// asks for the rows it shows; this module decides which windows to fetch, never fetches the same
// window twice at once, keeps a bounded number of windows (least recently used go first), and
// drops answers that belong to an older filter. No Vue here, so it is tested on its own.

export interface WindowPage<T> {
  rows: T[]
  total: number
}

/** Fetches rows [offset, offset+limit). limit never exceeds the window size. */
export type FetchWindow<T> = (offset: number, limit: number) => Promise<WindowPage<T>>

export interface WindowCacheOptions<T> {
  fetch: FetchWindow<T>
  /** Rows per request; requests are aligned to multiples of it. */
  windowSize?: number
  /** How many windows stay cached. */
  maxWindows?: number
  /** How many requests may be in flight at once; the rest wait and are dropped if no longer wanted. */
  maxConcurrent?: number
  /** Called whenever rows, total, loading or error state changed. */
  onChange?: () => void
  onError?: (error: unknown, windowIndex: number) => void
}

export interface InvalidateOptions {
  /** Keep showing the old total until the first answer (no jump of the scrollbar). */
  keepTotal?: boolean
}

export class WindowCache<T> {
  readonly windowSize: number
  readonly maxWindows: number
  readonly maxConcurrent: number

  private readonly fetchWindow: FetchWindow<T>
  private readonly onChange: () => void
  private readonly onError: (error: unknown, windowIndex: number) => void

  private gen = 0
  private tokens = 0
  private totalRows: number | null = null
  /** The total is from before an invalidation: shown, but not trusted to limit requests. */
  private totalStale = false
  /** Map iteration order is the LRU order: first = least recently used. */
  private readonly windows = new Map<number, T[]>()
  /** window index → token of the request whose answer we will accept. */
  private readonly inflight = new Map<number, number>()
  private queue: number[] = []
  private wanted = new Set<number>()
  private readonly failures = new Map<number, unknown>()
  private lastRange: [number, number] | null = null

  constructor(opts: WindowCacheOptions<T>) {
    this.fetchWindow = opts.fetch
    this.windowSize = Math.max(1, Math.floor(opts.windowSize ?? 200))
    this.maxWindows = Math.max(1, Math.floor(opts.maxWindows ?? 20))
    this.maxConcurrent = Math.max(1, Math.floor(opts.maxConcurrent ?? 3))
    this.onChange = opts.onChange ?? (() => {})
    this.onError = opts.onError ?? (() => {})
  }

  /** Total rows matching the current query, or null until the first answer. */
  get total(): number | null {
    return this.totalRows
  }

  /** Increases on every invalidation; answers from an older generation are dropped. */
  get generation(): number {
    return this.gen
  }

  get loading(): boolean {
    return this.inflight.size > 0 || this.queue.length > 0
  }

  /** The first error of a window that failed in this generation, if any. */
  get error(): unknown {
    for (const e of this.failures.values()) return e
    return undefined
  }

  windowOf(index: number): number {
    return Math.floor(index / this.windowSize)
  }

  /** The row at a global index, or undefined while it is not loaded (render a placeholder). */
  getRow(index: number): T | undefined {
    if (index < 0 || (this.totalRows !== null && index >= this.totalRows)) return undefined
    const rows = this.windows.get(this.windowOf(index))
    return rows ? rows[index % this.windowSize] : undefined
  }

  isWindowCached(windowIndex: number): boolean {
    return this.windows.has(windowIndex)
  }

  /** Cached window indices, least recently used first. */
  cachedWindows(): number[] {
    return [...this.windows.keys()]
  }

  inflightWindows(): number[] {
    return [...this.inflight.keys()]
  }

  queuedWindows(): number[] {
    return [...this.queue]
  }

  /**
   * Makes sure rows [start, end) get loaded: cached windows are marked recently used, missing
   * ones are fetched (at most maxConcurrent at a time). Windows queued for an earlier range that
   * is no longer wanted are dropped from the queue. Pass the visible range plus overscan.
   */
  request(start: number, end: number): void {
    this.lastRange = [start, end]
    let from = Math.max(0, Math.floor(start))
    let to = Math.floor(end)
    const known = this.totalRows !== null && !this.totalStale
    if (known) to = Math.min(to, this.totalRows as number)
    const wanted: number[] = []
    if (to > from) {
      from = this.windowOf(from)
      const last = this.windowOf(to - 1)
      for (let w = from; w <= last; w++) wanted.push(w)
    } else if (!known) {
      wanted.push(0) // total not known (or stale): the first window also tells us the total
    }
    this.wanted = new Set(wanted)

    const before = this.queue.length
    this.queue = this.queue.filter((w) => this.wanted.has(w))
    let changed = this.queue.length !== before
    for (const w of wanted) {
      const rows = this.windows.get(w)
      if (rows) {
        this.windows.delete(w)
        this.windows.set(w, rows)
      } else if (!this.inflight.has(w) && !this.failures.has(w) && !this.queue.includes(w)) {
        this.queue.push(w)
        changed = true
      }
    }
    if (this.pump() || changed) this.onChange()
  }

  /** Asks again for the range last requested (e.g. after an invalidation). */
  requestLast(): void {
    if (this.lastRange) this.request(this.lastRange[0], this.lastRange[1])
    else this.request(0, this.windowSize)
  }

  /** Forgets every row (filter, sort or data changed). In-flight answers will be dropped. */
  invalidate(opts: InvalidateOptions = {}): void {
    this.gen++
    this.windows.clear()
    this.inflight.clear()
    this.queue = []
    this.failures.clear()
    if (opts.keepTotal) this.totalStale = this.totalRows !== null
    else {
      this.totalRows = null
      this.totalStale = false
    }
    this.onChange()
  }

  /** Fetches the window holding a row again, keeping its current rows until the answer arrives. */
  reloadRow(index: number): void {
    const w = this.windowOf(index)
    this.queue = this.queue.filter((q) => q !== w)
    this.failures.delete(w)
    this.start(w)
    this.onChange()
  }

  /** Lets failed windows be fetched again, then asks for the last range. */
  retry(): void {
    this.failures.clear()
    this.requestLast()
  }

  /** The global index of the first cached row matching the predicate, or -1. */
  findIndex(predicate: (row: T) => boolean): number {
    for (const [w, rows] of this.windows) {
      const i = rows.findIndex(predicate)
      if (i >= 0) return w * this.windowSize + i
    }
    return -1
  }

  private pump(): boolean {
    let started = false
    while (this.inflight.size < this.maxConcurrent && this.queue.length > 0) {
      this.start(this.queue.shift() as number)
      started = true
    }
    return started
  }

  private start(w: number): void {
    const gen = this.gen
    const token = ++this.tokens
    this.inflight.set(w, token)
    const current = () => gen === this.gen && this.inflight.get(w) === token
    let answer: Promise<WindowPage<T>>
    try {
      answer = this.fetchWindow(w * this.windowSize, this.windowSize)
    } catch (e) {
      answer = Promise.reject(e)
    }
    answer.then(
      (page) => {
        if (!current()) return
        this.inflight.delete(w)
        this.failures.delete(w)
        const rows = Array.isArray(page?.rows) ? page.rows.slice(0, this.windowSize) : []
        this.windows.delete(w)
        this.windows.set(w, rows)
        if (typeof page?.total === 'number' && page.total >= 0) this.setTotal(page.total)
        this.evict()
        this.pump()
        this.onChange()
      },
      (error: unknown) => {
        if (!current()) return
        this.inflight.delete(w)
        this.failures.set(w, error)
        this.onError(error, w)
        this.pump()
        this.onChange()
      },
    )
  }

  private setTotal(total: number): void {
    this.totalStale = false
    if (total === this.totalRows) return
    this.totalRows = total
    for (const w of [...this.windows.keys()]) {
      if (w * this.windowSize >= total && w > 0) this.windows.delete(w)
    }
  }

  private evict(): void {
    if (this.windows.size <= this.maxWindows) return
    for (const w of [...this.windows.keys()]) {
      if (this.windows.size <= this.maxWindows) break
      if (!this.wanted.has(w)) this.windows.delete(w)
    }
  }
}
