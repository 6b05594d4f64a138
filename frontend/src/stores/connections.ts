import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { toApiError, workspaceApi, type ApiError, type Connection } from '../api'

export const useConnectionsStore = defineStore('connections', () => {
  const list = ref<Connection[]>([])
  /** False until the first answer, so the UI does not flash the "no connections" state. */
  const loaded = ref(false)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const openingDemo = ref(false)

  const byId = computed(() => new Map(list.value.map((c) => [c.id, c])))
  const totalSessions = computed(() => list.value.reduce((n, c) => n + (c.sessionCount || 0), 0))

  async function reload(): Promise<void> {
    loading.value = true
    try {
      list.value = await workspaceApi.connections()
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loading.value = false
      loaded.value = true
    }
  }

  /** Adds the demo connections (idempotent on the Go side) and reloads the list. */
  async function openDemo(): Promise<void> {
    openingDemo.value = true
    try {
      await workspaceApi.openDemo()
      await reload()
    } finally {
      openingDemo.value = false
    }
  }

  function get(id: number | null): Connection | undefined {
    return id === null ? undefined : byId.value.get(id)
  }

  return { list, loaded, loading, error, openingDemo, byId, totalSessions, reload, openDemo, get }
})
