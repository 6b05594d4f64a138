// What every windowed table shares: a WindowCache mirrored into reactive state for a store, and
// a virtualizer that asks the cache for the rows on screen (± prefetch). The sessions and the
// users tables both use these; only their columns and row components differ.
import { computed, markRaw, ref, shallowRef, watch, type Ref } from 'vue'
import { useVirtualizer } from '@tanstack/vue-virtual'
import { toApiError, type ApiError } from '../api'
import { WindowCache } from '../lib/windowCache'

/** Rows fetched beyond what is rendered, so scrolling a little never shows placeholders. */
export const PREFETCH_ROWS = 60

export interface Page<T> {
  rows: T[]
  total: number
}

/** A WindowCache whose total, loading state, error and rows are reactive. */
export function reactiveWindowCache<T>(opts: {
  windowSize: number
  maxWindows: number
  fetch: (offset: number, limit: number) => Promise<Page<T>>
  /** Called after the reactive state has followed a cache change. */
  onChange?: () => void
}) {
  const total = ref<number | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  /** Bumped on every cache change so computeds that read rows re-run. */
  const version = ref(0)
  const cache = markRaw(
    new WindowCache<T>({
      windowSize: opts.windowSize,
      maxWindows: opts.maxWindows,
      fetch: opts.fetch,
      onChange: () => {
        total.value = cache.total
        loading.value = cache.loading
        error.value = cache.error === undefined ? null : toApiError(cache.error)
        version.value++
        opts.onChange?.()
      },
    }),
  )
  function rowAt(index: number): T | undefined {
    void version.value // reactive dependency
    return cache.getRow(index)
  }
  return { cache, total, loading, error, version, rowAt }
}

/**
 * Virtual rows under a sticky header: the visible items, the body height, and requests for the
 * rows on screen. A new query (queryGeneration) scrolls back to the top.
 */
export function useVirtualRows(opts: {
  count: Ref<number>
  scrollEl: Ref<HTMLElement | null>
  rowHeight: number
  headerHeight: number
  requestRange: (start: number, end: number) => void
  queryGeneration: () => number
}) {
  const virtualizer = useVirtualizer(
    computed(() => ({
      count: opts.count.value,
      getScrollElement: () => opts.scrollEl.value,
      estimateSize: () => opts.rowHeight,
      overscan: 12,
      scrollMargin: opts.headerHeight,
    })),
  )
  const items = computed(() => virtualizer.value.getVirtualItems())
  const bodyHeight = computed(() => virtualizer.value.getTotalSize())
  const range = computed(() => {
    const list = items.value
    return list.length ? { first: list[0].index, last: list[list.length - 1].index } : { first: 0, last: -1 }
  })
  // Ask the cache for what is on screen (± prefetch); it fetches only the windows it lacks.
  watch(
    () => [range.value.first, range.value.last, opts.count.value] as const,
    ([first, last]) => {
      if (last < first) return
      opts.requestRange(Math.max(0, first - PREFETCH_ROWS), last + 1 + PREFETCH_ROWS)
    },
    { immediate: true },
  )
  watch(opts.queryGeneration, () => {
    if (opts.scrollEl.value) opts.scrollEl.value.scrollTop = 0
  })
  return { virtualizer, items, bodyHeight }
}

/** Header sort marks: the arrow shown and the aria-sort value of a column. */
export function sortMarks(current: () => string, desc: () => boolean) {
  return {
    indicator: (key: string | null): string => (key && current() === key ? (desc() ? '▼' : '▲') : ''),
    aria: (key: string | null): 'ascending' | 'descending' | 'none' =>
      key && current() === key ? (desc() ? 'descending' : 'ascending') : 'none',
  }
}

/**
 * A filter box's text, applied to the store after the debounce, and following the store when it
 * is cleared from elsewhere (e.g. "Clear filter" in an empty table).
 */
export function useDebouncedFilter(stored: () => string, apply: (text: string) => void, delayMs: number) {
  const text = ref(stored())
  let timer: ReturnType<typeof setTimeout> | undefined
  let pending = false
  watch(text, (value) => {
    clearTimeout(timer)
    pending = true
    timer = setTimeout(() => {
      pending = false
      apply(value)
    }, delayMs)
  })
  watch(stored, (value) => {
    if (value !== text.value.trim()) text.value = value
  })
  const cancel = () => {
    clearTimeout(timer)
    pending = false
  }
  /** Applies what was typed now, if it is still waiting (e.g. when the box goes away). */
  const flush = () => {
    if (!pending) return
    cancel()
    apply(text.value)
  }
  return { text, cancel, flush }
}
