import { mkdir, readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Metafile } from 'esbuild'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))

/** Where the bench writes its bundles (git-ignored). */
export const bundleDir = path.join(projectRoot, '.local', 'bench', 'bundles')

/** The esbuild settings of `AppFunction` (lib/constructs/app-function.ts), as CDK's NodejsFunction passes them. */
export const lambdaBuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: false,
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
} as const

export interface BundleReport {
  /** Module under `functions/` (`cases/create-case`), or `bare-dynamodb` for the baseline. */
  name: string
  file: string
  bytes: number
  /** Bytes in the output by package (or `src`, `functions`), largest first. */
  contributors: Array<{ name: string; bytes: number }>
}

/** Every handler module under `functions/`, as the route table names them. */
export async function handlerModules(): Promise<string[]> {
  const dir = path.join(projectRoot, 'functions')
  const entries = await readdir(dir, { recursive: true })
  return entries
    .filter((entry) => entry.endsWith('.ts'))
    .map((entry) => entry.slice(0, -3).split(path.sep).join('/'))
    .sort()
}

function contributorOf(input: string): string {
  const marker = 'node_modules/'
  const at = input.lastIndexOf(marker)
  if (at === -1) return input.split('/')[0] ?? input
  const rest = input.slice(at + marker.length).split('/')
  return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? input)
}

function contributorsOf(metafile: Metafile): BundleReport['contributors'] {
  const byName = new Map<string, number>()
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = contributorOf(input)
      byName.set(name, (byName.get(name) ?? 0) + bytesInOutput)
    }
  }
  return [...byName].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes)
}

async function bundleOne(name: string, entry: string): Promise<BundleReport> {
  const file = path.join(bundleDir, name, 'index.mjs')
  const result = await build({
    ...lambdaBuildOptions,
    mainFields: [...lambdaBuildOptions.mainFields],
    entryPoints: [entry],
    outfile: file,
    absWorkingDir: projectRoot,
    metafile: true,
  })
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
  return { name, file, bytes, contributors: contributorsOf(result.metafile) }
}

/** Bundles every function and the bare DynamoDB baseline as Lambda would get them. */
export async function buildBundles(): Promise<{ functions: BundleReport[]; baseline: BundleReport }> {
  await rm(bundleDir, { recursive: true, force: true })
  await mkdir(bundleDir, { recursive: true })
  const functions: BundleReport[] = []
  for (const name of await handlerModules()) {
    functions.push(await bundleOne(name, path.join(projectRoot, 'functions', `${name}.ts`)))
  }
  const baseline = await bundleOne('bare-dynamodb', path.join(projectRoot, 'bench', 'bare-handler.ts'))
  return { functions, baseline }
}
