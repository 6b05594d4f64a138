import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { signOutApi, toApiError, type ApiError, type AuditEntry } from '../api'

export const AUDIT_LIMIT = 500

export const useAuditStore = defineStore('audit', () => {
  const entries = ref<AuditEntry[]>([])
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const open = ref(false)

  async function reload(): Promise<void> {
    loading.value = true
    try {
      entries.value = await signOutApi.audit(AUDIT_LIMIT)
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loading.value = false
    }
  }

  return { entries, loading, error, open, reload }
})
