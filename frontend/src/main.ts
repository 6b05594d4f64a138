import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { useSettingsStore } from './stores/settings'
import './styles.css'

async function boot(): Promise<void> {
  const app = createApp(App)
  const pinia = createPinia()
  app.use(pinia)
  // Mount after the theme is known so the window never flashes the wrong theme.
  await useSettingsStore(pinia).load()
  app.mount('#app')
}

void boot()
