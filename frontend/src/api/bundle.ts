// Calls of offline review: BundleService (app/bundle.go) — export and check bundles, the
// opened bundle and its signer, the CSV of a view and the review report. Go's nulls are made
// safe here. Imported as '../api/bundle'; its types are in bundleTypes.ts.
import * as Bundles from '../../wailsjs/go/app/BundleService'
import type { app } from '../../wailsjs/go/models'
import { call, list } from './bridge'
import { plainFilter } from './index'
import type {
  Bundle,
  BundleExportRequest,
  BundleTrust,
  FileWritten,
  OpenedBundle,
  SaveTarget,
  SessionsCSVRequest,
} from './bundleTypes'

export * from './bundleTypes'

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const trusts: BundleTrust[] = ['own', 'trusted', 'unknown']

export function normaliseBundle(b: Partial<Bundle> | null | undefined): Bundle {
  const o = b ?? {}
  const r = o.review ?? { id: 0, title: '', closedAt: '', closedBy: '' }
  return {
    file: str(o.file),
    size: num(o.size),
    fingerprint: str(o.fingerprint),
    trust: trusts.includes(o.trust as BundleTrust) ? (o.trust as BundleTrust) : 'unknown',
    trustedAs: str(o.trustedAs),
    createdAt: str(o.createdAt),
    createdBy: str(o.createdBy),
    workspace: str(o.workspace),
    app: str(o.app),
    kind: str(o.kind),
    note: str(o.note),
    review: { id: num(r.id), title: str(r.title), closedAt: str(r.closedAt), closedBy: str(r.closedBy) },
    sessions: num(o.sessions),
    allSessions: num(o.allSessions),
    auditRows: num(o.auditRows),
    connections: list(o.connections).map((c) => ({ name: str(c.name), kind: str(c.kind), snapshots: num(c.snapshots), sessions: num(c.sessions) })),
    geo: list(o.geo),
    notes: list(o.notes),
    integrity: str(o.integrity),
    original: o.original ?? null,
  }
}

function opened(v: Partial<OpenedBundle> | null | undefined): OpenedBundle {
  return { open: !!v?.open, bundle: normaliseBundle(v?.bundle) }
}

function written(w: Partial<FileWritten> | null | undefined): FileWritten {
  return { path: str(w?.path), rows: num(w?.rows) }
}

export const bundleApi = {
  /** The bundle this window shows, if it shows one. */
  async opened(): Promise<OpenedBundle> {
    return opened(await call(() => Bundles.Opened()) as Partial<OpenedBundle>)
  },
  /** This workspace's signing key fingerprint ("" before its first export). */
  signingFingerprint(): Promise<string> {
    return call(() => Bundles.SigningFingerprint())
  },
  async export(req: BundleExportRequest): Promise<Bundle> {
    return normaliseBundle(await call(() => Bundles.Export({ ...req } as app.BundleExportRequest)) as Partial<Bundle>)
  },
  /** Checks a file; a refused one rejects with code tampered or bad_bundle. */
  async verify(file: string): Promise<Bundle> {
    return normaliseBundle(await call(() => Bundles.Verify(file)) as Partial<Bundle>)
  },
  /** Checks a file and opens it read-only in a new window; this one stays as it is. */
  async openWindow(file: string): Promise<Bundle> {
    return normaliseBundle(await call(() => Bundles.OpenWindow(file)) as Partial<Bundle>)
  },
  /** Trusts the shown bundle's signer under a name, in the data folder. */
  async trustOpened(name: string): Promise<OpenedBundle> {
    return opened(await call(() => Bundles.TrustOpened(name)) as Partial<OpenedBundle>)
  },
  async exportSessionsCsv(req: SessionsCSVRequest): Promise<FileWritten> {
    const q = { ...req, filter: plainFilter(req.filter) } as app.SessionsCSVRequest
    return written(await call(() => Bundles.ExportSessionsCSV(q)))
  },
  async report(reviewId: number, file: string): Promise<FileWritten> {
    return written(await call(() => Bundles.Report(reviewId, file)))
  },
  /** The review report as one HTML document, for the window to print (or save as PDF). */
  async reportHtml(reviewId: number): Promise<string> {
    return String((await call(() => Bundles.ReportHTML(reviewId))) ?? '')
  },
  /** The native save dialog; "" when cancelled. */
  pickSavePath(what: SaveTarget): Promise<string> {
    return call(() => Bundles.PickSavePath(what))
  },
  /** The native open dialog for a bundle; "" when cancelled. */
  pickBundle(): Promise<string> {
    return call(() => Bundles.PickBundle())
  },
}
