import { defineStore } from 'pinia'
import { ref } from 'vue'
import { settingsApi, type ThemePreference } from '../api'

export const useSettingsStore = defineStore('settings', () => {
  const theme = ref<ThemePreference>('auto')

  /** Reads the stored theme; on failure keeps "auto" so the app still starts. */
  async function load(): Promise<void> {
    try {
      theme.value = await settingsApi.theme()
    } catch {
      theme.value = 'auto'
    }
  }

  /** Applies at once and stores it; if storing fails the choice is rolled back and rethrown. */
  async function setTheme(next: ThemePreference): Promise<void> {
    const previous = theme.value
    theme.value = next
    try {
      await settingsApi.setTheme(next)
    } catch (e) {
      theme.value = previous
      throw e
    }
  }

  return { theme, load, setTheme }
})
