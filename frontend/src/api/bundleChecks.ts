// Compile-time guard for the offline-review shapes (as checks.ts for the others): if the
// generated bindings change shape, vue-tsc fails here. Nothing in this file runs.
import type { app } from '../../wailsjs/go/models'
import type * as B from './bundleTypes'
import type { Assert, SameKeys } from './shapeChecks'

export type BundleShapesMatch = [
  Assert<SameKeys<app.BundleExportRequest, B.BundleExportRequest>>,
  Assert<SameKeys<app.BundleView, B.Bundle>>,
  Assert<SameKeys<app.BundleReviewView, B.BundleReview>>,
  Assert<SameKeys<app.BundleOrgView, B.BundleOrg>>,
  Assert<SameKeys<app.BundleNoteView, B.BundleNote>>,
  Assert<SameKeys<app.BundleOriginalRef, B.BundleOriginal>>,
  Assert<SameKeys<app.OpenedBundleView, B.OpenedBundle>>,
  Assert<SameKeys<app.SessionsCSVRequest, B.SessionsCSVRequest>>,
  Assert<SameKeys<app.FileWritten, B.FileWritten>>,
]
