// The type-level tests the compile-time guards (checks.ts, bulkChecks.ts, bundleChecks.ts) are
// written with: a generated model and its hand-written type have the same fields, or one fits
// the other. Types only; nothing here runs.
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export type Assert<V extends true> = V
/** The data fields of a generated class (its methods left out). */
export type Fields<C> = { [K in keyof C as C[K] extends (...args: never[]) => unknown ? never : K]: C[K] }
export type SameKeys<G, L> = Same<keyof Fields<G>, keyof L>
export type Assignable<G, L> = Fields<G> extends L ? true : false
