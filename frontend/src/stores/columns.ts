import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { describeError, settingsApi } from '../api'
import { notify } from '../composables/notify'
import { COLUMNS, defaultShown } from '../lib/sessionColumns'

/**
 * What is stored under the "columns" preference: every known column's state at the time of
 * saving. A column added by a later build is not in it and gets its default.
 */
export interface ColumnsPreference {
  version: 1
  shown: Record<string, boolean>
}

/** The explicit choices in a stored preference (unknown ids and junk dropped); {} for ''/garbage. */
export function parseColumnsPreference(text: string): Record<string, boolean> {
  if (!text) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return {}
  }
  const shown = parsed && typeof parsed === 'object' ? (parsed as Partial<ColumnsPreference>).shown : undefined
  if (!shown || typeof shown !== 'object') return {}
  const out: Record<string, boolean> = {}
  for (const c of COLUMNS) {
    const v = (shown as Record<string, unknown>)[c.id]
    if (typeof v === 'boolean') out[c.id] = v
  }
  return out
}

/** Which optional columns of the sessions table are shown; persisted in the settings DB. */
export const useColumnsStore = defineStore('columns', () => {
  /** Explicit choices; a column without one shows its default. */
  const choices = ref<Record<string, boolean>>({})
  const loaded = ref(false)
  const loading = ref(false)
  const saving = ref(false)
  const error = ref('')
  /** A choice made before the stored preference arrived wins over it. */
  let touched = false
  let pending: Promise<void> | null = null

  const shown = computed<Set<string>>(() => {
    const defaults = defaultShown()
    return new Set(
      COLUMNS.filter((c) => c.hideable === false || (choices.value[c.id] ?? defaults.has(c.id))).map((c) => c.id),
    )
  })

  function isShown(id: string): boolean {
    return shown.value.has(id)
  }

  /** Reads the stored choice (once; later calls wait for or skip it). Never throws. */
  function load(force = false): Promise<void> {
    if (pending) return pending
    if (loaded.value && !force) return Promise.resolve()
    loading.value = true
    pending = (async () => {
      try {
        const stored = parseColumnsPreference(await settingsApi.preference('columns'))
        if (!touched) {
          choices.value = stored
          error.value = ''
        }
      } catch (e) {
        error.value = describeError(e)
      } finally {
        loading.value = false
        loaded.value = true
        pending = null
      }
    })()
    return pending
  }

  async function persist(): Promise<void> {
    const pref: ColumnsPreference = { version: 1, shown: {} }
    for (const c of COLUMNS) pref.shown[c.id] = shown.value.has(c.id)
    saving.value = true
    try {
      await settingsApi.setPreference('columns', JSON.stringify(pref))
      error.value = ''
    } catch (e) {
      error.value = describeError(e)
      notify('error', { title: 'Could not save the column choice', content: error.value })
    } finally {
      saving.value = false
    }
  }

  /** Shows or hides one column (columns that cannot be hidden stay) and saves the choice. */
  async function setShown(id: string, on: boolean): Promise<void> {
    const col = COLUMNS.find((c) => c.id === id)
    if (!col || col.hideable === false || shown.value.has(id) === on) return
    touched = true
    choices.value = { ...choices.value, [id]: on }
    await persist()
  }

  function toggle(id: string): Promise<void> {
    return setShown(id, !shown.value.has(id))
  }

  /** Back to the default set. */
  async function reset(): Promise<void> {
    touched = true
    choices.value = {}
    await persist()
  }

  return { choices, shown, loaded, loading, saving, error, isShown, load, setShown, toggle, reset }
})
