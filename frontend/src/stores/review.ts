import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { describeError, reviewApi, type Decision, type Review, type ReviewChange, type ReviewItem } from '../api'

/** Items fetched at a time in the review panel. */
export const REVIEW_PAGE = 100

export const DECISION_LABELS: Record<Decision, string> = {
  expected: 'Reviewed — expected',
  signed_out: 'Reviewed — signed out',
  follow_up: 'Needs follow-up',
}

/** A decision's label ('' → "Not decided"). */
export function decisionLabel(d: string): string {
  return d in DECISION_LABELS ? DECISION_LABELS[d as Decision] : d === '' ? 'Not decided' : d
}

/**
 * The weekly review panel: the review shown (the open one, or a closed one from the list, read
 * only), a window of its flagged sessions with their decisions, what changed since the review it
 * compares with, and the list of reviews.
 */
export const useReviewStore = defineStore('review', () => {
  const panelOpen = ref(false)
  const current = shallowRef<Review | null>(null)
  const reviews = ref<Review[]>([])
  const items = ref<ReviewItem[]>([])
  const itemsTotal = ref(0)
  const pendingOnly = ref(false)
  const changes = ref<ReviewChange[]>([])
  const loading = ref(false)
  const error = ref('')

  const readOnly = computed(() => !current.value || current.value.closed)
  /** "x of y flagged sessions reviewed". */
  const progress = computed(() => (current.value ? { reviewed: current.value.reviewed, items: current.value.items } : { reviewed: 0, items: 0 }))

  async function guard<T>(fn: () => Promise<T>): Promise<T | undefined> {
    loading.value = true
    error.value = ''
    try {
      return await fn()
    } catch (e) {
      error.value = describeError(e)
      return undefined
    } finally {
      loading.value = false
    }
  }

  async function loadItems(more = false): Promise<void> {
    const r = current.value
    if (!r) return
    const offset = more ? items.value.length : 0
    const page = await reviewApi.items(r.id, { pending: pendingOnly.value, offset, limit: REVIEW_PAGE })
    if (current.value?.id !== r.id) return
    items.value = more ? [...items.value, ...page.items] : page.items
    itemsTotal.value = page.total
  }

  async function show(r: Review): Promise<void> {
    current.value = r
    items.value = []
    itemsTotal.value = 0
    changes.value = []
    await loadItems()
    changes.value = await reviewApi.changes(r.id)
  }

  /** The open review, if any, becomes the one shown. */
  async function loadOpen(): Promise<void> {
    await guard(async () => {
      const o = await reviewApi.open()
      if (o.open) await show(o.review)
      else if (current.value && !current.value.closed) current.value = null
    })
  }

  async function loadList(): Promise<void> {
    await guard(async () => {
      reviews.value = await reviewApi.list()
    })
  }

  async function open(id: number): Promise<void> {
    await guard(async () => show(await reviewApi.get(id)))
  }

  async function start(title: string, connectionIds: number[] = []): Promise<boolean> {
    const r = await guard(async () => {
      const started = await reviewApi.start(title, connectionIds)
      await show(started)
      reviews.value = await reviewApi.list()
      return started
    })
    return !!r
  }

  async function more(): Promise<void> {
    await guard(() => loadItems(true))
  }

  async function setPendingOnly(v: boolean): Promise<void> {
    pendingOnly.value = v
    await guard(() => loadItems())
  }

  /** Records a decision on a session (rule '') or one rule's flags of it. */
  async function mark(itemId: number, decision: Decision, note: string, rule = ''): Promise<boolean> {
    const r = current.value
    if (!r || r.closed) return false
    const ok = await guard(async () => {
      const it = await reviewApi.mark(r.id, { itemId, rule, decision, note })
      items.value = items.value.map((x) => (x.id === it.id ? it : x))
      current.value = await reviewApi.get(r.id)
      return true
    })
    return !!ok
  }

  async function close(reviewer: string): Promise<boolean> {
    const r = current.value
    if (!r || r.closed) return false
    const ok = await guard(async () => {
      current.value = await reviewApi.close(r.id, reviewer)
      reviews.value = await reviewApi.list()
      return true
    })
    return !!ok
  }

  /** Back to the list of reviews (and the start form when none is open). */
  function leave(): void {
    current.value = null
    items.value = []
    changes.value = []
    void loadList()
  }

  return {
    panelOpen,
    current,
    reviews,
    items,
    itemsTotal,
    pendingOnly,
    changes,
    loading,
    error,
    readOnly,
    progress,
    loadOpen,
    loadList,
    open,
    start,
    more,
    setPendingOnly,
    mark,
    close,
    leave,
  }
})
