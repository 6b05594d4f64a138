// Compile-time guard for the bulk sign-out and audit shapes (as checks.ts for the others): if
// the generated bindings change shape, vue-tsc fails here. Nothing in this file runs.
import type { app, jobs, session, store } from '../../wailsjs/go/models'
import type * as B from './bulkTypes'
import type { Assert, SameKeys } from './shapeChecks'

export type BulkShapesMatch = [
  Assert<SameKeys<session.SessionKey, B.SessionKey>>,
  Assert<SameKeys<app.SelectionView, B.Selection>>,
  Assert<SameKeys<app.BulkRequestView, B.BulkRequest>>,
  Assert<SameKeys<app.PlanView, B.BulkPlan>>,
  Assert<SameKeys<app.OrgPlanView, B.OrgPlan>>,
  Assert<SameKeys<jobs.Exclusion, B.Exclusion>>,
  Assert<SameKeys<jobs.Identity, B.MatchedIdentity>>,
  Assert<SameKeys<app.JobView, B.Job>>,
  Assert<SameKeys<store.JobOrg, B.JobOrg>>,
  Assert<SameKeys<store.ItemCounts, B.ItemCounts>>,
  Assert<SameKeys<app.JobItemView, B.JobItem>>,
  Assert<SameKeys<store.RecheckCounts, B.RecheckCounts>>,
  Assert<SameKeys<app.AuditQuery, B.AuditQuery>>,
  Assert<SameKeys<store.AuditCheck, B.AuditCheck>>,
  Assert<SameKeys<app.AuditExport, B.AuditExport>>,
]
