import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import { signOutApi, toApiError, type ApiError, type AuditEntry } from '../api'
import { auditApi, emptyAuditQuery, type AuditCheck, type AuditQuery } from '../api/bulk'

export const AUDIT_LIMIT = 500
/** A filtered read returns at most this many (the backend's page limit). */
export const AUDIT_QUERY_LIMIT = 1000

export const useAuditStore = defineStore('audit', () => {
  const entries = ref<AuditEntry[]>([])
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const open = ref(false)
  /** The drawer's filter: who, when, org, action, result, text. */
  const query = reactive<AuditQuery>(emptyAuditQuery())
  const check = shallowRef<AuditCheck | null>(null)
  const checking = ref(false)

  const filtered = computed(() => [query.actor, query.connection, query.action, query.result, query.from, query.to, query.text].some((v) => v.trim() !== ''))

  async function reload(): Promise<void> {
    loading.value = true
    try {
      entries.value = filtered.value ? await auditApi.query({ ...query, limit: AUDIT_QUERY_LIMIT }) : await signOutApi.audit(AUDIT_LIMIT)
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loading.value = false
    }
  }

  function clearFilter(): void {
    Object.assign(query, emptyAuditQuery())
    void reload()
  }

  /** Walks the whole hash chain and the head kept beside the database. */
  async function verify(): Promise<void> {
    checking.value = true
    try {
      check.value = await auditApi.verify()
      error.value = null
    } catch (e) {
      check.value = null
      error.value = toApiError(e)
    } finally {
      checking.value = false
    }
  }

  return { entries, loading, error, open, query, filtered, check, checking, reload, clearFilter, verify }
})
