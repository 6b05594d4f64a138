import { ref, shallowRef } from 'vue'
import { describeError, sessionsApi, type Facets } from '../api'

export function emptyFacets(): Facets {
  return { countries: [], sessionTypes: [], loginTypes: [], securityLevels: [], deviceTypes: [] }
}

/** The values the filter pickers offer, fetched when a picker opens (they change with refreshes). */
export function useFacets() {
  const facets = shallowRef<Facets>(emptyFacets())
  const loading = ref(false)
  const error = ref('')

  async function load(): Promise<void> {
    loading.value = true
    try {
      facets.value = await sessionsApi.facets()
      error.value = ''
    } catch (e) {
      error.value = describeError(e)
    } finally {
      loading.value = false
    }
  }

  return { facets, loading, error, load }
}
