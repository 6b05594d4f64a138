import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef, watch } from 'vue'
import type { SessionRow } from '../api'
import type { Selection, SessionKey } from '../api/bulk'
import { copyFilter, useFiltersStore } from './filters'
import { sessionKey } from './sessions'

/**
 * The sessions ticked for a bulk action. Either rows ticked one by one (`keys`), or "all N
 * matching this filter" kept as the filter plus the rows unticked since (`exclude`): a
 * million matching sessions never become a million ids in the webview. Ticked rows may span
 * orgs (the table of all orgs). Any change of the filter clears the selection, so it never
 * holds rows the table no longer shows.
 */
export type SelectionMode = 'none' | 'keys' | 'filter'

/** Rows ticked one by one stop here: beyond it, select by filter (the backend's limit). */
export const MAX_TICKED = 10000

/** What a shift-click range reads rows from (the sessions store's window cache). */
export interface RangeSource {
  rowAt(index: number): SessionRow | undefined
}

function keyOf(row: Pick<SessionRow, 'connectionId' | 'id'>): SessionKey {
  return { connectionId: row.connectionId, sessionId: row.id }
}

export const useSelectionStore = defineStore('selection', () => {
  const filters = useFiltersStore()
  const mode = ref<SelectionMode>('none')
  // Maps in a shallowRef: thousands of keys without deep reactivity; triggerRef after changes.
  const keys = shallowRef(new Map<string, SessionKey>())
  const exclude = shallowRef(new Map<string, SessionKey>())
  /** The filter of "select all matching", and how many sessions it matched then. */
  const filter = shallowRef<ReturnType<typeof copyFilter> | null>(null)
  const matching = ref(0)
  /** The last row clicked without shift: the start of the next shift-click range. */
  const anchor = ref(-1)
  /** Why the last tick was refused (over MAX_TICKED), '' when it was not. */
  const notice = ref('')

  const count = computed(() => (mode.value === 'filter' ? Math.max(0, matching.value - exclude.value.size) : keys.value.size))
  const orgCount = computed(() => {
    if (mode.value === 'filter') return filter.value?.connectionIds.length || 0 // 0 = every org
    return new Set([...keys.value.values()].map((k) => k.connectionId)).size
  })

  function clear(): void {
    mode.value = 'none'
    keys.value = new Map()
    exclude.value = new Map()
    filter.value = null
    matching.value = 0
    anchor.value = -1
    notice.value = ''
  }

  // A new filter means other rows: what was ticked no longer matches what is shown.
  // Synchronously, so no render ever shows the old ticks over the new rows.
  watch(
    () => filters.generation,
    () => clear(),
    { flush: 'sync' },
  )

  function isTicked(row: Pick<SessionRow, 'connectionId' | 'id'>): boolean {
    const k = sessionKey(row)
    if (mode.value === 'filter') return !exclude.value.has(k)
    return keys.value.has(k)
  }

  /** Ticks or unticks one row (in "all matching", unticking adds an exclusion). */
  function set(row: SessionRow, on: boolean): boolean {
    const k = sessionKey(row)
    if (mode.value === 'filter') {
      if (on) exclude.value.delete(k)
      else exclude.value.set(k, keyOf(row))
      return true
    }
    if (on) {
      if (keys.value.size >= MAX_TICKED && !keys.value.has(k)) {
        notice.value = `At most ${MAX_TICKED.toLocaleString()} sessions can be ticked one by one: select all matching a filter instead.`
        return false
      }
      keys.value.set(k, keyOf(row))
    } else keys.value.delete(k)
    return true
  }

  function changed(): void {
    triggerRef(keys)
    triggerRef(exclude)
    if (mode.value === 'keys' && keys.value.size === 0) mode.value = 'none'
    if (mode.value === 'filter' && count.value === 0) clear()
  }

  /**
   * A click on a row's checkbox. With shift, every row from the anchor to this one takes this
   * row's new state (rows of the range not loaded yet are left as they are and counted).
   * Returns how many rows of the range were not loaded.
   */
  function toggle(row: SessionRow, index: number, shift: boolean, source?: RangeSource): number {
    notice.value = ''
    // The admin's own session is never signed out in bulk; an ended one is gone already.
    if (row.isCurrent || row.endedAt) return 0
    if (mode.value === 'none') mode.value = 'keys'
    const on = !isTicked(row)
    let missing = 0
    if (shift && source && anchor.value >= 0 && anchor.value !== index) {
      const [from, to] = anchor.value < index ? [anchor.value, index] : [index, anchor.value]
      for (let i = from; i <= to; i++) {
        const r = i === index ? row : source.rowAt(i)
        if (!r) missing++
        else if (!r.isCurrent && !r.endedAt && !set(r, on)) break
      }
    } else set(row, on)
    anchor.value = index
    changed()
    return missing
  }

  /** "Select all N matching this filter": the filter as it is now, every org it names. */
  function selectAllMatching(total: number): void {
    clear()
    if (total <= 0) return
    mode.value = 'filter'
    filter.value = copyFilter(filters.filter)
    matching.value = total
  }

  /** The selection as the backend takes it. */
  function toSelection(): Selection {
    if (mode.value === 'filter' && filter.value) {
      return { keys: [], filter: copyFilter(filter.value), user: '', exclude: [...exclude.value.values()] }
    }
    return { keys: [...keys.value.values()], filter: null, user: '', exclude: [] }
  }

  return { mode, keys, exclude, filter, matching, anchor, notice, count, orgCount, clear, isTicked, toggle, selectAllMatching, toSelection }
})
