import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef, watch } from 'vue'
import { emptyFilter, plainFilter, sessionsApi, MAX_QUERY_LIMIT, type SessionFilter, type UserRow } from '../api'
import type { SessionKey } from '../api/bulk'
import { formatCount } from '../lib/format'
import { useFiltersStore } from './filters'
import type { PendingAction } from './jobs'
import { MAX_TICKED } from './selection'
import { useUsersStore } from './users'

/**
 * The users ticked in the users view. One user becomes a per-user action ("sign out
 * everywhere": one call per user where the server can). Several users, or "all N matching",
 * become the sessions they hold: ticked users are looked up to their sessions (at most
 * MAX_TICKED), all matching stays the filter, and users unticked from it are looked up to
 * exclusions. Any change of the filter (shared or the view's name box) clears it.
 */
export const useUserSelectionStore = defineStore('userSelection', () => {
  const filters = useFiltersStore()
  const users = useUsersStore()
  const mode = ref<'none' | 'names' | 'filter'>('none')
  const names = shallowRef(new Set<string>())
  const exclude = shallowRef(new Set<string>())
  const matching = ref(0)
  const filter = shallowRef<SessionFilter | null>(null)
  const anchor = ref(-1)

  const count = computed(() => (mode.value === 'filter' ? Math.max(0, matching.value - exclude.value.size) : names.value.size))

  function clear(): void {
    mode.value = 'none'
    names.value = new Set()
    exclude.value = new Set()
    matching.value = 0
    filter.value = null
    anchor.value = -1
  }
  watch([() => filters.generation, () => users.filter], () => clear(), { flush: 'sync' })

  function isTicked(row: Pick<UserRow, 'username'>): boolean {
    return mode.value === 'filter' ? !exclude.value.has(row.username) : names.value.has(row.username)
  }

  function set(username: string, on: boolean): void {
    if (mode.value === 'filter') {
      if (on) exclude.value.delete(username)
      else exclude.value.add(username)
    } else if (on) names.value.add(username)
    else names.value.delete(username)
  }

  /** A click on a user's checkbox; with shift, the range from the last user clicked follows it. */
  function toggle(row: UserRow, index: number, shift: boolean): void {
    if (!row.username) return
    if (mode.value === 'none') mode.value = 'names'
    const on = !isTicked(row)
    if (shift && anchor.value >= 0 && anchor.value !== index) {
      const [from, to] = anchor.value < index ? [anchor.value, index] : [index, anchor.value]
      for (let i = from; i <= to; i++) {
        const r = i === index ? row : users.rowAt(i)
        if (r?.username) set(r.username, on)
      }
    } else set(row.username, on)
    anchor.value = index
    triggerRef(names)
    triggerRef(exclude)
    if (count.value === 0) clear()
  }

  /** Every user the view lists now, as its filter. */
  function selectAllMatching(total: number): void {
    clear()
    if (total <= 0) return
    mode.value = 'filter'
    matching.value = total
    filter.value = { ...plainFilter(filters.filter), ...(users.filter ? { user: users.filter } : {}) }
  }

  /** The sessions of these users (within the filter's orgs), looked up page by page. */
  async function sessionsOf(usernames: Iterable<string>, connectionIds: number[]): Promise<SessionKey[]> {
    const out: SessionKey[] = []
    for (const username of usernames) {
      for (let offset = 0; ; offset += MAX_QUERY_LIMIT) {
        const page = await sessionsApi.query({ filter: { ...emptyFilter(), connectionIds, username }, sort: 'username', desc: false, offset, limit: MAX_QUERY_LIMIT })
        for (const r of page.rows) if (!r.isCurrent && !r.endedAt) out.push({ connectionId: r.connectionId, sessionId: r.id })
        if (out.length > MAX_TICKED) throw new Error(`These users hold more than ${formatCount(MAX_TICKED)} sessions: select them by filter in the sessions table instead.`)
        if (offset + page.rows.length >= page.total || page.rows.length === 0) break
      }
    }
    return out
  }

  /** The bulk action for what is ticked (looking up sessions where it has to). */
  async function toAction(contain: boolean): Promise<PendingAction> {
    const none = { keys: [], filter: null, user: '', exclude: [] }
    if (mode.value === 'names' && names.value.size === 1) {
      const [user] = names.value
      return { title: `every session of ${user}, in every org`, selection: { ...none, user }, userWide: true, contain }
    }
    if (mode.value === 'filter' && filter.value) {
      const excluded = await sessionsOf(exclude.value, filter.value.connectionIds)
      return { title: `the matching sessions of ${formatCount(count.value)} users`, selection: { ...none, filter: { ...filter.value }, exclude: excluded }, userWide: false, contain }
    }
    const keys = await sessionsOf(names.value, filters.filter.connectionIds)
    return { title: `every session of ${formatCount(names.value.size)} users`, selection: { ...none, keys }, userWide: false, contain }
  }

  return { mode, names, exclude, count, clear, isTicked, toggle, selectAllMatching, toAction }
})
