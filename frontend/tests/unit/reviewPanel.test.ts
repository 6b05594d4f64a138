import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/ReviewService', () => ({
  Open: vi.fn(),
  List: vi.fn(),
  Start: vi.fn(),
  Get: vi.fn(),
  Items: vi.fn(),
  Changes: vi.fn(),
  Mark: vi.fn(),
  Close: vi.fn(),
}))
vi.mock('../../wailsjs/go/app/FlagsService', () => ({ Rules: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn(() => () => {}), EventsOff: vi.fn() }))

import * as Reviews from '../../wailsjs/go/app/ReviewService'
import * as Flags from '../../wailsjs/go/app/FlagsService'
import ReviewDrawer from '../../src/components/review/ReviewDrawer.vue'
import type { Connection, Review, ReviewItem } from '../../src/api/types'
import { useConnectionsStore } from '../../src/stores/connections'
import { useReviewStore } from '../../src/stores/review'

const $ = (sel: string) => document.querySelector<HTMLElement>(sel)
const $$ = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)]

const review = (over: Partial<Review> = {}): Review => ({
  id: 7,
  title: 'Week 49',
  startedAt: '2026-11-30T09:00:00Z',
  startedBy: 'dana@host',
  sinceReviewId: 0,
  closedAt: '',
  closedBy: '',
  closed: false,
  snapshots: [{ connectionId: 1, connection: 'Acme', snapshotId: 11, snapshotAt: '2026-11-30T08:55:00Z', sinceSnapshotId: 0 }],
  items: 2,
  reviewed: 0,
  ...over,
})
const item = (id: number, decided = ''): ReviewItem => ({
  id,
  connectionId: 1,
  connection: 'Acme',
  sessionId: `S${id}`,
  displayId: `S${id}`,
  username: `user${id}@acme.example`,
  severity: 'high',
  decision: decided,
  note: '',
  markedAt: '',
  markedBy: '',
  reviewed: decided !== '',
  flags: [{ rule: 'impossible_travel', severity: 'high', reason: 'Paris → Singapore, 10,740 km in 31 min', decision: decided, note: '', markedAt: '', markedBy: '' }],
})

describe('the weekly review panel', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(Flags.Rules).mockResolvedValue([{ rule: 'impossible_travel', label: 'Impossible travel', help: '', severity: 'high' }] as never)
    vi.mocked(Reviews.Open).mockResolvedValue({ open: false, review: {} } as never)
    vi.mocked(Reviews.List).mockResolvedValue([] as never)
    vi.mocked(Reviews.Changes).mockResolvedValue([{ connection: 'Acme', compared: false, note: 'not in an earlier closed review', newUsers: [], newCountries: [] }] as never)
    vi.mocked(Reviews.Items).mockResolvedValue({ items: [item(1), item(2)], total: 2 } as never)
    useConnectionsStore().list = [{ id: 1, name: 'Acme', lastRefresh: '2026-11-30T08:55:00Z', sessionCount: 40 } as Connection]
  })
  afterEach(() => {
    wrapper?.unmount()
    document.body.innerHTML = ''
    vi.clearAllMocks()
  })

  async function open(): Promise<void> {
    wrapper = mount(ReviewDrawer, { attachTo: document.body })
    useReviewStore().panelOpen = true
    await flushPromises()
  }

  it('says what a new review pins and compares with, then starts it and shows its progress', async () => {
    await open()
    expect($('[data-testid="review-pins"]')!.textContent).toContain('Acme')
    expect($('[data-testid="review-compare-with"]')!.textContent).toContain('No closed review yet')
    vi.mocked(Reviews.Start).mockResolvedValue(review() as never)
    $('[data-testid="review-start"]')!.click()
    await flushPromises()
    expect(vi.mocked(Reviews.Start).mock.calls[0][1]).toEqual([])
    const progress = $('[data-testid="review-progress"]')!
    expect(progress.dataset.items).toBe('2')
    expect(progress.dataset.reviewed).toBe('0')
    expect($$('[data-testid="review-item"]')).toHaveLength(2)
    expect($('[data-testid="review-item-flag"]')!.textContent).toContain('Impossible travel')
  })

  it('a mark updates its item and the progress; a refused mark shows the server\'s message', async () => {
    vi.mocked(Reviews.Open).mockResolvedValue({ open: true, review: review() } as never)
    await open()
    const store = useReviewStore()
    vi.mocked(Reviews.Mark).mockResolvedValueOnce(item(1, 'expected') as never)
    vi.mocked(Reviews.Get).mockResolvedValueOnce(review({ reviewed: 1 }) as never)
    expect(await store.mark(1, 'expected', 'travels for work')).toBe(true)
    await flushPromises()
    expect(vi.mocked(Reviews.Mark)).toHaveBeenCalledWith(7, { itemId: 1, rule: '', decision: 'expected', note: 'travels for work' })
    expect($('[data-testid="review-item"][data-item-id="1"]')!.dataset.reviewed).toBe('true')
    expect($('[data-testid="review-progress"]')!.dataset.reviewed).toBe('1')

    vi.mocked(Reviews.Mark).mockRejectedValueOnce({ code: 'review_input', message: 'the note is longer than 4000 characters' })
    expect(await store.mark(2, 'follow_up', 'x'.repeat(5000))).toBe(false)
    await flushPromises()
    expect($('[data-testid="review-error"]')!.textContent).toContain('longer than 4000')
    expect($('[data-testid="review-item"][data-item-id="2"]')!.dataset.reviewed).toBe('false')
  })

  it('"All reviews" from an open review offers to continue it instead of starting another', async () => {
    vi.mocked(Reviews.Open).mockResolvedValue({ open: true, review: review() } as never)
    vi.mocked(Reviews.List).mockResolvedValue([review(), review({ id: 6, title: 'Week 48', closed: true, closedAt: '2026-11-23T10:00:00Z', closedBy: 'Dana' })] as never)
    await open()
    $('[data-testid="review-back"]')!.click()
    await flushPromises()
    expect($('[data-testid="review-start"]')).toBeNull()
    expect($('[data-testid="review-open-one"]')!.textContent).toContain('Week 49')
    expect($$('[data-testid="review-list-item"]').map((e) => e.dataset.reviewId)).toEqual(['7', '6'])
    vi.mocked(Reviews.Get).mockResolvedValue(review() as never)
    $('[data-testid="review-continue"]')!.click()
    await flushPromises()
    expect(vi.mocked(Reviews.Get)).toHaveBeenCalledWith(7)
    expect($('[data-testid="review-progress"]')).not.toBeNull()
  })

  it('closing needs a name; a closed review shows who closed it and offers no marks', async () => {
    vi.mocked(Reviews.Open).mockResolvedValue({ open: true, review: review() } as never)
    await open()
    expect((($('[data-testid="review-close"]') as HTMLButtonElement).disabled)).toBe(true)
    expect($$('[data-testid="review-mark"]')).toHaveLength(2)
    const input = $('[data-testid="review-reviewer"]') as HTMLInputElement
    input.value = 'Dana Auditor'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    vi.mocked(Reviews.Close).mockResolvedValue(review({ closed: true, closedAt: '2026-11-30T10:00:00Z', closedBy: 'Dana Auditor' }) as never)
    $('[data-testid="review-close"]')!.click()
    await flushPromises()
    expect(vi.mocked(Reviews.Close)).toHaveBeenCalledWith(7, 'Dana Auditor')
    expect($('[data-testid="review-closed"]')!.textContent).toContain('Dana Auditor')
    expect($$('[data-testid="review-mark"]')).toHaveLength(0)
    expect($('[data-testid="review-close"]')).toBeNull()
  })
})
