// Reads the import statements of the frontend's sources and checks the folder rules: which
// folder may import which, and no two folders importing each other (directly or round a loop).
// Text only (no bundler): `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`.
import { readdirSync, readFileSync } from 'node:fs'
import { join, posix, relative, sep } from 'node:path'

/**
 * The layers from the bottom up: a file may import its own layer or one below, never one above.
 * `components` and `lib` are split one level further (components/sessions, lib/map…) for the
 * cycle check; the root files (main.ts, App.vue, theme.ts) sit on top.
 */
export const LAYERS = ['api', 'lib', 'composables', 'stores', 'components', 'views', '.'] as const

/** Folders whose sub-folders count as folders of their own in the cycle check. */
const SPLIT = new Set(['components', 'lib'])

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

/** The module specifiers a source text imports. */
export function importSpecifiers(source: string): string[] {
  const out: string[] = []
  for (const m of source.matchAll(IMPORT)) out.push(m[1] ?? m[2] ?? m[3])
  return out
}

/** "components/sessions/Foo.vue" → "components/sessions"; "stores/x.ts" → "stores"; "App.vue" → ".". */
export function folderOf(file: string): string {
  const parts = file.split('/')
  if (parts.length === 1) return '.'
  if (SPLIT.has(parts[0]) && parts.length > 2) return `${parts[0]}/${parts[1]}`
  return parts[0]
}

function layerOf(folder: string): number {
  return LAYERS.indexOf(folder.split('/')[0] as (typeof LAYERS)[number])
}

export interface Edge {
  from: string
  to: string
  /** One import that makes the edge, "file → target", for the message. */
  via: string
}

/**
 * The folder graph of a set of files (paths relative to src, posix separators). Imports that
 * leave src (packages, wailsjs) are not edges.
 */
export function folderEdges(files: Map<string, string>): Edge[] {
  const edges = new Map<string, Edge>()
  const paths = [...files.keys()]
  // '../api' names the folder's index.ts: its folder is api, not the root.
  const isFolder = (p: string) => paths.some((f) => f.startsWith(`${p}/`))
  for (const [file, source] of files) {
    for (const spec of importSpecifiers(source)) {
      if (!spec.startsWith('.')) continue
      const joined = posix.normalize(posix.join(posix.dirname(file), spec))
      if (joined.startsWith('..')) continue
      const target = isFolder(joined) ? `${joined}/index.ts` : joined
      const from = folderOf(file)
      const to = folderOf(target)
      if (from === to) continue
      const key = `${from} ${to}`
      if (!edges.has(key)) edges.set(key, { from, to, via: `${file} → ${target}` })
    }
  }
  return [...edges.values()]
}

/** Imports that go up a layer, e.g. a store importing a component. */
export function upwardImports(edges: Edge[]): string[] {
  return edges
    .filter((e) => layerOf(e.from) >= 0 && layerOf(e.to) > layerOf(e.from))
    .map((e) => `${e.from} imports ${e.to} (${e.via})`)
}

/** Loops of folders (each as "a → b → a"), found by a depth-first walk: at least one whenever any exists. */
export function folderCycles(edges: Edge[]): string[] {
  const next = new Map<string, Edge[]>()
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e])
  const seen = new Set<string>()
  const found = new Set<string>()
  const path: Edge[] = []
  const onPath = new Map<string, number>()

  function walk(folder: string): void {
    onPath.set(folder, path.length)
    for (const e of next.get(folder) ?? []) {
      const at = onPath.get(e.to)
      if (at !== undefined) {
        const loop = [...path.slice(at), e]
        found.add([...loop.map((l) => l.from), e.to].join(' → ') + `  (${loop.map((l) => l.via).join('; ')})`)
      } else if (!seen.has(e.to)) {
        path.push(e)
        walk(e.to)
        path.pop()
      }
    }
    onPath.delete(folder)
    seen.add(folder)
  }
  for (const folder of [...next.keys()].sort()) if (!seen.has(folder)) walk(folder)
  return [...found]
}

/** Every .ts and .vue file below dir, keyed by its path relative to dir (posix). */
export function readSources(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const visit = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name)
      if (entry.isDirectory()) visit(full)
      else if (/\.(ts|vue)$/.test(entry.name)) out.set(relative(dir, full).split(sep).join('/'), readFileSync(full, 'utf8'))
    }
  }
  visit(dir)
  return out
}
