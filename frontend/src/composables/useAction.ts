import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { describeError } from '../api'

/** One user action that calls the backend: whether it runs, its error as a sentence, its result. */
export interface Action<T> {
  busy: Ref<boolean>
  error: Ref<string>
  done: ShallowRef<T | null>
  /** Forget the last result and error (a dialog opened again). */
  reset: () => void
  /**
   * Runs fn, keeping busy while it runs and its result in done. A failure becomes error, unless
   * refuse takes it (returns true) to show it its own way.
   */
  run: (fn: () => Promise<T>, refuse?: (e: unknown) => boolean) => Promise<void>
}

export function useAction<T>(): Action<T> {
  const busy = ref(false)
  const error = ref('')
  const done = shallowRef<T | null>(null)
  function reset(): void {
    done.value = null
    error.value = ''
  }
  async function run(fn: () => Promise<T>, refuse?: (e: unknown) => boolean): Promise<void> {
    busy.value = true
    reset()
    try {
      done.value = await fn()
    } catch (e) {
      if (!refuse?.(e)) error.value = describeError(e)
    } finally {
      busy.value = false
    }
  }
  return { busy, error, done, reset, run }
}
