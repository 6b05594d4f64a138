import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const outDir = fileURLToPath(new URL('./dist', import.meta.url))

// Go embeds frontend/dist and a fresh clone only has dist/.gitkeep, so the build must clean the
// old output without ever deleting that placeholder (Vite's emptyOutDir would).
function keepGitkeep(): Plugin {
  return {
    name: 'sessionscope-keep-gitkeep',
    apply: 'build',
    buildStart() {
      if (!existsSync(outDir)) return
      for (const entry of readdirSync(outDir)) {
        if (entry !== '.gitkeep') rmSync(join(outDir, entry), { recursive: true, force: true })
      }
    },
    closeBundle() {
      mkdirSync(outDir, { recursive: true })
      const keep = join(outDir, '.gitkeep')
      if (!existsSync(keep)) writeFileSync(keep, '')
    },
  }
}

export default defineConfig({
  base: './',
  plugins: [vue(), keepGitkeep()],
  build: {
    outDir,
    emptyOutDir: false,
    // WebKitGTK 4.1 (Debian 12) and Chromium.
    target: ['es2021', 'chrome100', 'safari15'],
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 5173, strictPort: false },
})
