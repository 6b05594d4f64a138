import { CODE_INTERNAL, CODE_READ_ONLY, CODE_TAMPERED, CODE_BAD_BUNDLE } from './codes'

/**
 * Every failure of a backend call reaches the UI as an ApiError with a stable code: one of
 * ./codes.ts, generated from the Go list (backend/session/codes.go).
 */
export class ApiError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ApiError'
    this.code = code
  }
}


function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== ''
}

function fallbackMessage(code: string): string {
  return code === CODE_INTERNAL ? 'Something went wrong.' : `Something went wrong (${code}).`
}

/**
 * Turns whatever a rejected promise carried into an ApiError: the Go error formatter's
 * `{code, message}` object (also when it arrives as a JSON string), an Error, a plain string,
 * or anything else (code "internal").
 */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e

  if (typeof e === 'string') {
    const text = e.trim()
    if (text.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text)
        if (parsed && typeof parsed === 'object') return fromObject(parsed as Record<string, unknown>, e)
      } catch {
        // not JSON: fall through and use the text as the message
      }
    }
    return new ApiError(CODE_INTERNAL, text || fallbackMessage(CODE_INTERNAL))
  }

  if (e instanceof Error) {
    // Wails rejects with new Error(error): the Go formatter sends {code, message} as JSON text
    // (app/errors.go), which arrives as the Error's message.
    const text = e.message.trim()
    if (text.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text)
        if (parsed && typeof parsed === 'object') return fromObject(parsed as Record<string, unknown>, e)
      } catch {
        // not JSON: an ordinary Error
      }
    }
    const code = (e as Error & { code?: unknown }).code
    return new ApiError(nonEmpty(code) ? code : CODE_INTERNAL, e.message || fallbackMessage(CODE_INTERNAL), {
      cause: e,
    })
  }

  if (e && typeof e === 'object') return fromObject(e as Record<string, unknown>, e)

  const shown = e === undefined || e === null ? '' : String(e)
  return new ApiError(CODE_INTERNAL, shown ? `Unexpected error: ${shown}` : fallbackMessage(CODE_INTERNAL), {
    cause: e,
  })
}

function fromObject(o: Record<string, unknown>, cause: unknown): ApiError {
  const code = nonEmpty(o.code) ? o.code : CODE_INTERNAL
  let message = nonEmpty(o.message) ? o.message : nonEmpty(o.error) ? o.error : ''
  if (!message) message = fallbackMessage(code)
  return new ApiError(code, message, { cause })
}

/** What the window adds to the refusals of offline review, so they say what to do next. */
const explained: Record<string, string> = {
  [CODE_READ_ONLY]: 'This window shows a signed bundle, read-only: nothing in it can be changed. Open your own workspace to act.',
  [CODE_TAMPERED]: 'The bundle was refused and nothing of it was opened.',
  [CODE_BAD_BUNDLE]: 'The file was refused and nothing of it was opened.',
}

/** A one-line text for notifications: the message, with the code when it adds something. */
export function describeError(e: unknown): string {
  const err = toApiError(e)
  const more = explained[err.code]
  if (more) return `${err.message}. ${more} [${err.code}]`
  return err.code === CODE_INTERNAL ? err.message : `${err.message} [${err.code}]`
}
