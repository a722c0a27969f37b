import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
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

/**
 * Bundles every function, the bare DynamoDB baseline and the framework floor
 * (`framework-floor-handler.ts`) as Lambda would get them.
 */
export async function buildBundles(): Promise<{
  functions: BundleReport[]
  baseline: BundleReport
  frameworkFloor: BundleReport
}> {
  await rm(bundleDir, { recursive: true, force: true })
  await mkdir(bundleDir, { recursive: true })
  const functions: BundleReport[] = []
  for (const name of await handlerModules()) {
    functions.push(await bundleOne(name, path.join(projectRoot, 'functions', `${name}.ts`)))
  }
  const baseline = await bundleOne('bare-dynamodb', path.join(projectRoot, 'bench', 'bare-handler.ts'))
  const frameworkFloor = await bundleOne(
    'framework-floor',
    path.join(projectRoot, 'bench', 'framework-floor-handler.ts'),
  )
  return { functions, baseline, frameworkFloor }
}

/**
 * What a function must construct of the AWS SDK, by package: a function that presigns S3 uploads
 * cannot leave the S3 client out, however lean its own code. Each maps to the export a bare handler
 * references so the bundler keeps it.
 */
const sdkEntryPoints: Record<string, string> = {
  '@aws-sdk/client-dynamodb': 'DynamoDBClient',
  '@aws-sdk/client-s3': 'S3Client',
  '@aws-sdk/s3-presigned-post': 'createPresignedPost',
  '@aws-sdk/s3-request-presigner': 'getSignedUrl',
  '@aws-sdk/client-cognito-identity-provider': 'CognitoIdentityProviderClient',
  '@aws-sdk/client-secrets-manager': 'SecretsManagerClient',
  '@aws-sdk/client-scheduler': 'SchedulerClient',
  '@aws-sdk/client-sesv2': 'SESv2Client',
  '@aws-sdk/client-sqs': 'SQSClient',
  '@aws-sdk/client-eventbridge': 'EventBridgeClient',
}

/**
 * One command each client's framework floor imports: a function sends at least one, and importing
 * any command of a client pulls in its schemas and its aggregated client (every command's class),
 * which constructing the client alone does not (`@aws-sdk/client-cognito-identity-provider`: 102 KB
 * against 32 KB). Presigners are functions, not clients: nothing to add.
 */
const sdkCommands: Record<string, string> = {
  '@aws-sdk/client-s3': 'HeadObjectCommand',
  '@aws-sdk/client-cognito-identity-provider': 'AdminGetUserCommand',
  '@aws-sdk/client-secrets-manager': 'GetSecretValueCommand',
  '@aws-sdk/client-scheduler': 'CreateScheduleCommand',
  '@aws-sdk/client-sesv2': 'SendEmailCommand',
  '@aws-sdk/client-sqs': 'SendMessageCommand',
  '@aws-sdk/client-eventbridge': 'PutEventsCommand',
}

/**
 * The source lines that import `packages` and use their symbols at module scope (clients built,
 * commands and presigners referenced), so the bundler keeps them: what a floor handler starts with.
 */
function sdkUseLines(packages: readonly string[], withCommands: boolean): string[] {
  const symbolsOf = (pkg: string) => [
    sdkEntryPoints[pkg] ?? '',
    ...(withCommands && sdkCommands[pkg] ? [sdkCommands[pkg]] : []),
  ]
  const imports = packages.map((pkg) => `import { ${symbolsOf(pkg).join(', ')} } from '${pkg}'`)
  const used = packages.flatMap((pkg) =>
    symbolsOf(pkg).map((symbol) => (symbol.endsWith('Client') ? `new ${symbol}({})` : symbol)),
  )
  return [...imports, `const used = [${used.join(', ')}]`]
}

/** Writes a generated floor handler under `.local/bench/floors` and bundles it. */
async function bundleGenerated(name: string, lines: readonly string[]): Promise<BundleReport> {
  const sourceDir = path.join(projectRoot, '.local', 'bench', 'floors')
  await mkdir(sourceDir, { recursive: true })
  const entry = path.join(sourceDir, `${name}.ts`)
  await writeFile(entry, [...lines, ''].join('\n'))
  return bundleOne(name, entry)
}

/** The AWS SDK packages in a bundle that a bare handler would have to import too, sorted. */
export function sdkClientsOf(bundle: BundleReport): string[] {
  return bundle.contributors
    .map((c) => c.name)
    .filter((name) => name in sdkEntryPoints)
    .sort()
}

/** The floor's name for a set of SDK packages: `bare-dynamodb`, `bare-dynamodb+s3+s3-presigned-post`, … */
export function floorName(clients: readonly string[]): string {
  const short = clients.map((name) => name.replace('@aws-sdk/', '').replace(/^client-/, ''))
  return `bare-${short.join('+')}`
}

/**
 * One bare handler per distinct set of SDK packages the functions use: it only constructs those
 * clients (or references those presigners) at module scope, like `bench/bare-handler.ts` does for
 * DynamoDB alone. A function is measured against the floor of its own set (docs/performance.md).
 */
export async function buildFloors(functions: readonly BundleReport[]): Promise<Map<string, BundleReport>> {
  const sets = new Map<string, string[]>()
  for (const bundle of functions) {
    const clients = sdkClientsOf(bundle)
    if (clients.length > 0) sets.set(floorName(clients), clients)
  }
  const floors = new Map<string, BundleReport>()
  for (const [name, clients] of sets) {
    floors.set(
      name,
      await bundleGenerated(name, [
        ...sdkUseLines(clients, false),
        'export async function handler() {',
        '  return { statusCode: 200, body: String(used.length) }',
        '}',
      ]),
    )
  }
  return floors
}

/**
 * The framework floor's name for a set of SDK packages, and whether the function honours
 * `Idempotency-Key`: `framework-dynamodb`, `framework-idempotent-dynamodb+cognito-…`.
 */
export function frameworkFloorName(clients: readonly string[], idempotent: boolean): string {
  return floorName(clients).replace(/^bare-/, idempotent ? 'framework-idempotent-' : 'framework-')
}

/**
 * One framework floor per distinct set of SDK packages: `framework-floor-handler.ts` (the document
 * client, one zod/mini schema, the Powertools logger, middy; for a route that honours
 * `Idempotency-Key` also Powertools idempotency, `framework-floor-idempotent-handler.ts`) plus the
 * set's other clients, each built at module scope with one of its commands (`sdkCommands`). The
 * least an API function of this architecture with those clients can be; the bundle and cold-start
 * targets are measured against it (docs/performance.md).
 */
export async function buildFrameworkFloors(
  functions: readonly BundleReport[],
  idempotentFunctions: ReadonlySet<string>,
): Promise<Map<string, BundleReport>> {
  const sets = new Map<string, { clients: string[]; idempotent: boolean }>()
  for (const bundle of functions) {
    const clients = sdkClientsOf(bundle)
    const idempotent = idempotentFunctions.has(bundle.name)
    if (clients.includes('@aws-sdk/client-dynamodb'))
      sets.set(frameworkFloorName(clients, idempotent), { clients, idempotent })
  }
  const floors = new Map<string, BundleReport>()
  for (const [name, { clients, idempotent }] of sets) {
    const frameworkEntry = path.join(
      projectRoot,
      'bench',
      idempotent ? 'framework-floor-idempotent-handler.ts' : 'framework-floor-handler.ts',
    )
    const others = clients.filter((pkg) => pkg !== '@aws-sdk/client-dynamodb')
    floors.set(
      name,
      await bundleGenerated(name, [
        `import { handler as framework } from ${JSON.stringify(frameworkEntry)}`,
        ...sdkUseLines(others, true),
        'export async function handler(event: { pathParameters?: unknown }) {',
        '  return used.length >= 0 ? framework(event) : undefined',
        '}',
      ]),
    )
  }
  return floors
}
