// Compile-time guard: if the generated bindings change shape, vue-tsc fails here instead of the
// UI silently reading undefined fields. Nothing in this file runs.
import type { app, source } from '../../wailsjs/go/models'
import type * as T from './types'

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Assert<V extends true> = V
type Fields<C> = { [K in keyof C as C[K] extends (...args: never[]) => unknown ? never : K]: C[K] }
type SameKeys<G, L> = Same<keyof Fields<G>, keyof L>
type Assignable<G, L> = Fields<G> extends L ? true : false

export type BridgeShapesMatch = [
  Assert<SameKeys<app.SessionRow, T.SessionRow>>,
  Assert<Assignable<app.SessionRow, T.SessionRow>>,
  Assert<SameKeys<app.SessionQuery, T.SessionQuery>>,
  Assert<SameKeys<app.SessionPage, T.SessionPage>>,
  Assert<SameKeys<app.SessionDetail, T.SessionDetail>>,
  Assert<SameKeys<app.UsersQuery, T.UsersQuery>>,
  Assert<SameKeys<app.UserRow, T.UserRow>>,
  Assert<Assignable<app.UserRow, T.UserRow>>,
  Assert<SameKeys<app.UserPage, T.UserPage>>,
  Assert<SameKeys<app.ConnectionView, T.Connection>>,
  Assert<Assignable<app.ConnectionView, T.Connection>>,
  Assert<SameKeys<app.AuditView, T.AuditEntry>>,
  Assert<Assignable<app.AuditView, T.AuditEntry>>,
  Assert<SameKeys<app.SignOutRequest, T.SignOutRequest>>,
  Assert<SameKeys<app.SignOutResult, T.SignOutResult>>,
  Assert<SameKeys<app.AboutInfo, T.AboutInfo>>,
  Assert<SameKeys<source.Capabilities, T.Capabilities>>,
  Assert<Assignable<source.Capabilities, T.Capabilities>>,
  Assert<SameKeys<source.Descriptor, T.Kind>>,
  Assert<SameKeys<source.Option, T.KindOption>>,
  Assert<Assignable<source.Option, T.KindOption>>,
  Assert<SameKeys<app.ConnectionForm, T.ConnectionForm>>,
  Assert<Assignable<app.ConnectionForm, T.ConnectionForm>>,
  Assert<SameKeys<app.ConnectionDetail, T.ConnectionDetail>>,
  Assert<SameKeys<source.PermissionCheck, T.PermissionCheck>>,
  Assert<SameKeys<app.TestResult, T.TestResult>>,
  Assert<SameKeys<app.SessionFilter, T.SessionFilter>>,
  Assert<Assignable<app.SessionFilter, T.SessionFilter>>,
  Assert<SameKeys<app.MapQuery, T.MapQuery>>,
  Assert<SameKeys<app.MapView, T.MapView>>,
  Assert<SameKeys<app.MapPlace, T.MapPlace>>,
  Assert<Assignable<app.MapPlace, T.MapPlace>>,
  Assert<SameKeys<app.PlaceUser, T.PlaceUser>>,
  Assert<SameKeys<app.TravelView, T.TravelView>>,
  Assert<SameKeys<app.TravelStop, T.TravelStop>>,
  Assert<SameKeys<app.TravelLeg, T.TravelLeg>>,
  Assert<SameKeys<app.SnapshotView, T.SnapshotView>>,
  Assert<SameKeys<app.CompareQuery, T.CompareQuery>>,
  Assert<SameKeys<app.DiffView, T.DiffView>>,
  Assert<SameKeys<app.OrgDiff, T.OrgDiff>>,
  Assert<SameKeys<app.UserDevice, T.UserDevice>>,
  Assert<SameKeys<app.Facets, T.Facets>>,
  Assert<SameKeys<app.Country, T.Country>>,
  Assert<SameKeys<app.GeoSettings, T.GeoSettings>>,
  Assert<SameKeys<app.LoginHistoryView, T.LoginHistoryView>>,
  Assert<SameKeys<app.LoginView, T.LoginView>>,
]
