import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { bundleApi, normaliseBundle, type Bundle } from '../api/bundle'
import { toApiError, type ApiError } from '../api'

/** Why every action that changes something is off in a window on a bundle (the tooltip). */
export const READ_ONLY_REASON = 'This window shows a signed bundle, read-only: nothing in it can be changed and no server is contacted.'

/** The File menu's dialogs, by name. */
export type FileDialogName = 'export' | 'csv' | 'report' | 'open'

/**
 * Offline review in the window: whether the workspace is a bundle (and which, for the banner),
 * and which of the File menu's dialogs is open.
 */
export const useBundleStore = defineStore('bundle', () => {
  const opened = ref(false)
  const bundle = ref<Bundle>(normaliseBundle(null))
  const loaded = ref(false)
  const error = shallowRef<ApiError | null>(null)
  /** The File menu's dialog on screen. */
  const dialog = ref<'' | FileDialogName>('')

  /** True in a window on a bundle: actions that would change something are disabled. */
  const readOnly = computed(() => opened.value)
  /** The tooltip of a disabled action ("" when nothing is disabled). */
  const readOnlyReason = computed(() => (opened.value ? READ_ONLY_REASON : ''))

  async function load(): Promise<void> {
    try {
      const v = await bundleApi.opened()
      opened.value = v.open
      bundle.value = v.bundle
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loaded.value = true
    }
  }

  /** Trusts the shown bundle's signer under name; the banner then shows it trusted. */
  async function trust(name: string): Promise<void> {
    const v = await bundleApi.trustOpened(name)
    opened.value = v.open
    bundle.value = v.bundle
  }

  function show(d: '' | FileDialogName): void {
    dialog.value = d
  }

  return { opened, bundle, loaded, error, dialog, readOnly, readOnlyReason, load, trust, show }
})
