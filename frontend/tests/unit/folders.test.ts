import { describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import { folderCycles, folderEdges, folderOf, importSpecifiers, readSources, upwardImports } from './support/importGraph'

const SRC = resolve(__dirname, '../../src')

describe('the import scanner', () => {
  it('finds static, re-export, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from '../api'",
      'import {',
      '  b,',
      '  type C,',
      "} from './model'",
      "import type { D } from \"../d\"",
      "export * from './types'",
      "import './styles.css'",
      "const M = defineAsyncComponent(() => import('../components/map/SessionMap.vue'))",
    ].join('\n')
    expect(importSpecifiers(source)).toEqual(['../api', './model', '../d', './types', './styles.css', '../components/map/SessionMap.vue'])
  })

  it('names folders: components and lib by their sub-folder, root files as "."', () => {
    expect(folderOf('components/sessions/SessionsTable.vue')).toBe('components/sessions')
    expect(folderOf('lib/map/geo.ts')).toBe('lib/map')
    expect(folderOf('lib/format.ts')).toBe('lib')
    expect(folderOf('stores/sessions.ts')).toBe('stores')
    expect(folderOf('App.vue')).toBe('.')
  })

  it('reports a store importing a component, and a composable importing a view', () => {
    const files = new Map([
      ['stores/columns.ts', "import { COLUMNS } from '../components/sessions/Columns.vue'"],
      ['composables/x.ts', "import V from '../views/SessionsView.vue'"],
      ['components/sessions/T.vue', "import { useColumnsStore } from '../../stores/columns'"],
    ])
    const up = upwardImports(folderEdges(files))
    expect(up).toHaveLength(2)
    expect(up[0]).toContain('stores imports components/sessions')
    expect(up[1]).toContain('composables imports views')
  })

  it('reports two folders importing each other, and a longer loop', () => {
    const pair = new Map([
      ['components/filters/Chips.vue', "import U from '../sessions/UsernameChip.vue'"],
      ['components/sessions/FilterBar.vue', "import C from '../filters/Chips.vue'"],
    ])
    expect(folderCycles(folderEdges(pair))).toEqual([
      'components/filters → components/sessions → components/filters  (components/filters/Chips.vue → components/sessions/UsernameChip.vue; components/sessions/FilterBar.vue → components/filters/Chips.vue)',
    ])
    const loop = new Map([
      ['lib/a/x.ts', "import '../b/y'"],
      ['lib/b/y.ts', "import '../c/z'"],
      ['lib/c/z.ts', "import '../a/x'"],
    ])
    expect(folderCycles(folderEdges(loop))[0]).toMatch(/^lib\/a → lib\/b → lib\/c → lib\/a/)
  })

  it('takes an import of a folder for its index file', () => {
    const files = new Map([
      ['api/index.ts', "export * from './types'"],
      ['stores/audit.ts', "import { signOutApi } from '../api'"],
    ])
    expect(folderEdges(files)).toEqual([{ from: 'stores', to: 'api', via: 'stores/audit.ts → api/index.ts' }])
  })

  it('ignores imports within a folder and imports of packages', () => {
    const files = new Map([
      ['stores/users.ts', "import { useSessionsStore } from './sessions'\nimport { ref } from 'vue'"],
      ['stores/sessions.ts', "import { useUsersStore } from './users'"],
    ])
    expect(folderEdges(files)).toEqual([])
  })
})

describe('the frontend folders', () => {
  const edges = folderEdges(readSources(SRC))

  it('import only their own layer or a lower one (api < lib < composables < stores < components < views)', () => {
    expect(upwardImports(edges)).toEqual([])
  })

  it('never import each other, directly or round a loop', () => {
    expect(folderCycles(edges)).toEqual([])
  })

  it('keep plain TypeScript out of components/ (it lives in lib/ or composables/)', () => {
    const plain = [...readSources(SRC).keys()].filter((f) => f.startsWith('components/') && f.endsWith('.ts'))
    expect(plain).toEqual([])
  })

  it('sees the whole tree (the scan is not vacuous)', () => {
    expect(edges.length).toBeGreaterThan(20)
  })
})
