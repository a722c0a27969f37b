import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { freePort } from './free-port.ts'

/** DynamoDB Local, AWS's own engine, as shipped (not redistributed by us) inside the npm package amplify-dynamodb-simulator. */
export interface DynamoDbLocal {
  endpoint: string
  stop(): Promise<void>
}

export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(
      `DynamoDB Local needs Java 17 or newer on the PATH (${detail}). ` +
        'Install a JDK 17 (e.g. `apt-get install openjdk-17-jre-headless` or `brew install openjdk@17`) and retry.',
    )
    this.name = 'JavaMissingError'
  }
}

function emulatorDirectory(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator')
}

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' })
  if (probe.error) throw new JavaMissingError('`java` was not found')
  const major = /version "(\d+)/.exec(probe.stderr ?? '')?.[1]
  if (major !== undefined && Number(major) < 17) throw new JavaMissingError(`found Java ${major}`)
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  const deadline = Date.now() + timeoutMs
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early with code ${child.exitCode}`)
      try {
        await client.send(new ListTablesCommand({}))
        return
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms`)
  } finally {
    client.destroy()
  }
}

/**
 * Starts DynamoDB Local in memory on a free port. Java is run under a tiny shell guard that holds
 * our stdin: when this Node process ends in any way (even SIGKILL) the pipe closes and the guard
 * kills Java, so no JVM is ever left behind.
 */
export async function startDynamoDbLocal(options: { port?: number } = {}): Promise<DynamoDbLocal> {
  assertJava()
  const directory = emulatorDirectory()
  const port = options.port ?? (await freePort())
  const java = [
    'java',
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-Xmx512m',
    `-Djava.library.path=${join(directory, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(directory, 'DynamoDBLocal.jar'),
    '-inMemory',
    '-sharedDb',
    '-port',
    String(port),
  ]
  const quoted = java.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ')
  const guard = `${quoted} >/dev/null 2>&1 & pid=$!; trap 'kill $pid 2>/dev/null' EXIT TERM INT; cat >/dev/null; kill $pid 2>/dev/null; wait $pid 2>/dev/null`
  // DynamoDB Local writes a metadata file into its working directory: keep it out of the project.
  const workingDirectory = mkdtempSync(join(tmpdir(), 'caseline-dynamodb-'))
  const child = spawn('sh', ['-c', guard], { cwd: workingDirectory, stdio: ['pipe', 'ignore', 'inherit'] })
  child.once('exit', () => rmSync(workingDirectory, { recursive: true, force: true }))
  const endpoint = `http://127.0.0.1:${port}`
  try {
    await waitUntilReady(endpoint, child, 30_000)
  } catch (error) {
    child.stdin?.end()
    throw error
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.stdin?.end()
      }),
  }
}
