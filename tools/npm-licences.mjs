// Prints the licence of every npm package the window's bundle may hold: frontend/package.json's
// production dependencies and, recursively, theirs (a superset of what Vite bundles; devDependencies
// are build tools and never shipped).
// Used by tools/package.sh for the package's third-party licences.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const frontend = join(dirname(new URL(import.meta.url).pathname), '..', 'frontend')
const seen = new Map() // package dir → package.json

// Node's lookup: node_modules/<name> in from and each folder above it.
function locate(name, from) {
  for (let d = from; ; d = dirname(d)) {
    const p = join(d, 'node_modules', name)
    if (existsSync(join(p, 'package.json'))) return p
    if (dirname(d) === d) return null
  }
}

function visit(deps, from) {
  for (const name of Object.keys(deps || {})) {
    const dir = locate(name, from)
    if (!dir) throw new Error(`${name} (needed by ${from}) is not installed: run npm ci in frontend`)
    if (seen.has(dir)) continue
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    seen.set(dir, pkg)
    visit(pkg.dependencies, dir)
  }
}

visit(JSON.parse(readFileSync(join(frontend, 'package.json'), 'utf8')).dependencies, frontend)
for (const [dir, pkg] of [...seen].sort((a, b) => a[1].name.localeCompare(b[1].name))) {
  console.log(`\n==== npm package ${pkg.name} ${pkg.version} (${pkg.license ?? 'no licence field'}) ====\n`)
  const files = readdirSync(dir).filter((f) => /^(licen[cs]e|copying)/i.test(f))
  console.log(files.length ? files.map((f) => readFileSync(join(dir, f), 'utf8').trimEnd()).join('\n\n') : '(no licence file in the package)')
}
