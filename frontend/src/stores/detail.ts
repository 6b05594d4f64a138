import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { sessionsApi, signOutApi, toApiError, type ApiError, type SessionDetail, type SessionRow, type SignOutResult } from '../api'
import { useAuditStore } from './audit'
import { useConnectionsStore } from './connections'
import { sessionKey, useSessionsStore } from './sessions'

/** The detail pane's data for the selected session, and the single sign-out action. */
export const useDetailStore = defineStore('detail', () => {
  const detail = shallowRef<SessionDetail | null>(null)
  /** Key of the session `detail` belongs to. */
  const key = ref<string | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let token = 0

  async function load(connectionId: number, sessionId: string): Promise<void> {
    const mine = ++token
    const k = `${connectionId}:${sessionId}`
    if (key.value !== k) detail.value = null
    key.value = k
    loading.value = true
    try {
      const d = await sessionsApi.detail(connectionId, sessionId)
      if (mine !== token) return // another session was selected meanwhile
      detail.value = d
      error.value = null
    } catch (e) {
      if (mine !== token) return
      error.value = toApiError(e)
    } finally {
      if (mine === token) loading.value = false
    }
  }

  function clear(): void {
    token++
    detail.value = null
    key.value = null
    loading.value = false
    error.value = null
  }

  /** Ends one session on its server, then refreshes the row, the pane, the audit list and counts. */
  async function signOut(row: SessionRow, reason: string): Promise<SignOutResult> {
    const result = await signOutApi.signOutSession({
      connectionId: row.connectionId,
      sessionId: row.id,
      reason: reason.trim(),
    })
    const sessions = useSessionsStore()
    sessions.reloadSession(sessionKey(row))
    if (key.value === sessionKey(row)) void load(row.connectionId, row.id)
    void useAuditStore().reload()
    void useConnectionsStore().reload()
    return result
  }

  return { detail, key, loading, error, load, clear, signOut }
})
