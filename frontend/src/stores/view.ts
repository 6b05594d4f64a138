import { defineStore } from 'pinia'
import { ref } from 'vue'

export type MainView = 'sessions' | 'users' | 'map' | 'flagged'

/** Which view the main area shows. The sidebar's org selection applies to all of them. */
export const useViewStore = defineStore('view', () => {
  const current = ref<MainView>('sessions')

  function show(view: MainView): void {
    current.value = view
  }

  return { current, show }
})
