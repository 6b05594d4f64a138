// Calls of the flags, the policy editor and the weekly review: FlagsService and ReviewService.
// Go's nulls and missing fields are made safe here, so the stores read plain shapes.
import * as Flags from '../../wailsjs/go/app/FlagsService'
import * as Reviews from '../../wailsjs/go/app/ReviewService'
import type { app } from '../../wailsjs/go/models'
import { call, list } from './bridge'
import type {
  FlagCount,
  FlagTally,
  Flag,
  MarkRequest,
  OpenReview,
  PolicyChange,
  PolicyPreview,
  PolicySaved,
  PolicyView,
  Review,
  ReviewChange,
  ReviewItem,
  ReviewItemsPage,
  ReviewItemsQuery,
  ReviewMark,
  RuleView,
  SessionPage,
  SessionFilter,
  SessionQuery,
  SessionRow,
} from './types'

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** A row with its flags always a list (older answers, mocks). */
export function withFlagList(r: SessionRow): SessionRow {
  return Array.isArray(r.flags) ? r : { ...r, flags: [] }
}

function flagCount(c: Partial<FlagCount> | null | undefined): FlagCount {
  const o = c ?? {}
  return {
    connectionId: num(o.connectionId),
    connection: str(o.connection),
    computed: !!o.computed,
    computedAt: str(o.computedAt),
    sessions: num(o.sessions),
    flagged: num(o.flagged),
    high: num(o.high),
    medium: num(o.medium),
    low: num(o.low),
    rules: list(o.rules),
  }
}

function tally(t: Partial<FlagTally> | null | undefined): FlagTally {
  const o = t ?? {}
  return { sessions: num(o.sessions), flags: num(o.flags), flagged: num(o.flagged), high: num(o.high), medium: num(o.medium), low: num(o.low), rules: list(o.rules) }
}

function policy(p: Partial<PolicyView> | null | undefined): PolicyView {
  const o = p ?? {}
  return {
    connectionId: num(o.connectionId),
    connection: str(o.connection),
    fields: list(o.fields),
    server: list(o.server),
    serverReadAt: str(o.serverReadAt),
    updatedAt: str(o.updatedAt),
    updatedBy: str(o.updatedBy),
  }
}

function review(r: Partial<Review> | null | undefined): Review {
  const o = r ?? {}
  return {
    id: num(o.id),
    title: str(o.title),
    startedAt: str(o.startedAt),
    startedBy: str(o.startedBy),
    sinceReviewId: num(o.sinceReviewId),
    closedAt: str(o.closedAt),
    closedBy: str(o.closedBy),
    closed: !!o.closed,
    snapshots: list(o.snapshots),
    items: num(o.items),
    reviewed: num(o.reviewed),
  }
}

function item(i: ReviewItem): ReviewItem {
  return { ...i, flags: list(i.flags) }
}

export const flagsApi = {
  async rules(): Promise<RuleView[]> {
    return list(await call(() => Flags.Rules()))
  },
  /** The Flagged view: flagged sessions matching the filter, most severe first. */
  async flagged(q: SessionQuery): Promise<SessionPage> {
    const page = await call(() => Flags.Flagged({ ...q, filter: { ...q.filter, connectionIds: [...q.filter.connectionIds], countries: [...q.filter.countries] } } as app.SessionQuery))
    return { rows: list<SessionRow>(page?.rows).map(withFlagList), total: num(page?.total), offset: num(page?.offset) }
  },
  /** Flags of rows by their rowId; rows without flags are absent. */
  async flagsOf(rowIds: number[]): Promise<Map<number, Flag[]>> {
    const m = (await call(() => Flags.FlagsOf([...rowIds]))) ?? {}
    return new Map(Object.entries(m).map(([k, v]) => [Number(k), list(v)]))
  },
  /** Flagged sessions per map place key under the filter (the largest `limit` places). */
  async places(filter: SessionFilter, limit: number): Promise<Record<string, number>> {
    const f = { ...filter, connectionIds: [...filter.connectionIds], countries: [...filter.countries] }
    return (await call(() => Flags.Places({ filter: f, limit } as app.MapQuery))) ?? {}
  },
  async sessionFlags(connectionId: number, sessionId: string): Promise<Flag[]> {
    return list(await call(() => Flags.SessionFlags(connectionId, sessionId)))
  },
  /** Per org (every org when ids is empty). */
  async counts(connectionIds: number[] = []): Promise<FlagCount[]> {
    return list(await call(() => Flags.Counts([...connectionIds]))).map(flagCount)
  },
  async policy(connectionId: number): Promise<PolicyView> {
    return policy(await call(() => Flags.Policy(connectionId)))
  },
  /** What the change would flag, nothing saved; a bad field is a result (fieldErrors), not a rejection. */
  async previewPolicy(c: PolicyChange): Promise<PolicyPreview> {
    const p = await call(() => Flags.PreviewPolicy({ connectionId: c.connectionId, changes: { ...c.changes } } as app.PolicyChange))
    return { fieldErrors: list(p?.fieldErrors), current: flagCount(p?.current), proposed: tally(p?.proposed) }
  },
  async setPolicy(c: PolicyChange): Promise<PolicySaved> {
    const p = await call(() => Flags.SetPolicy({ connectionId: c.connectionId, changes: { ...c.changes } } as app.PolicyChange))
    return { fieldErrors: list(p?.fieldErrors), policy: policy(p?.policy), flags: tally(p?.flags) }
  },
}

export const reviewApi = {
  async decisions(): Promise<string[]> {
    return list(await call(() => Reviews.Decisions()))
  },
  /** Opens a review of the orgs' current snapshots (every org when empty). */
  async start(title: string, connectionIds: number[] = []): Promise<Review> {
    return review(await call(() => Reviews.Start(title, [...connectionIds])))
  },
  async list(): Promise<Review[]> {
    return list(await call(() => Reviews.List())).map(review)
  },
  async get(id: number): Promise<Review> {
    return review(await call(() => Reviews.Get(id)))
  },
  async open(): Promise<OpenReview> {
    const o = await call(() => Reviews.Open())
    return { open: !!o?.open, review: review(o?.review) }
  },
  async items(id: number, q: ReviewItemsQuery): Promise<ReviewItemsPage> {
    const p = await call(() => Reviews.Items(id, { ...q } as app.ReviewItemsQuery))
    return { items: list<ReviewItem>(p?.items).map(item), total: num(p?.total) }
  },
  async mark(reviewId: number, m: MarkRequest): Promise<ReviewItem> {
    return item(await call(() => Reviews.Mark(reviewId, { ...m } as app.MarkRequest)))
  },
  async close(id: number, reviewer: string): Promise<Review> {
    return review(await call(() => Reviews.Close(id, reviewer)))
  },
  async marks(id: number): Promise<ReviewMark[]> {
    return list(await call(() => Reviews.Marks(id)))
  },
  async changes(id: number): Promise<ReviewChange[]> {
    return list<ReviewChange>(await call(() => Reviews.Changes(id))).map((c) => ({ ...c, newUsers: list(c.newUsers), newCountries: list(c.newCountries) }))
  },
}
