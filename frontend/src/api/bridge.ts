import { CODE_NO_BACKEND } from './codes'
import { ApiError, toApiError } from './errors'

function backendMissing(): boolean {
  const w = globalThis as unknown as { go?: unknown }
  return typeof window !== 'undefined' && !w.go
}

/**
 * Runs one bound Go call and normalises any failure (rejection or synchronous throw) into an
 * ApiError, so callers only ever catch one kind of error.
 */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof TypeError && backendMissing()) {
      throw new ApiError(CODE_NO_BACKEND, 'The SessionScope backend is not connected.', { cause: e })
    }
    throw toApiError(e)
  }
}

/** Go encodes nil slices as null. */
export function list<T>(v: T[] | null | undefined): T[] {
  return Array.isArray(v) ? v : []
}
