import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, describe, expect, it } from 'vitest'

/** Waits until the process prints a line matching `pattern`, or fails after `timeoutMs`. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = pattern.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
  })
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) })
    return true
  } catch {
    return false
  }
}

describe('npm start', () => {
  let child: ChildProcess | undefined
  afterAll(() => {
    child?.kill('SIGKILL')
  })

  it('serves the demo and stops DynamoDB Local with it', async () => {
    // Arrange: the same command `npm start` runs, on a free port.
    child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const [, apiUrl, dynamodbUrl] = await waitForOutput(
      child,
      /running at (http:\/\/localhost:\d+)\s+\(DynamoDB Local at (http:\/\/127\.0\.0\.1:\d+)\)/,
      45_000,
    )

    // Act
    const health = await fetch(`${apiUrl}/health`)
    const token = await fetch(`${apiUrl}/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'maria@vendor.example' }),
    })
    child.kill('SIGTERM')
    const [exitCode] = await once(child, 'exit')

    // Assert
    expect(health.status).toBe(200)
    expect(token.status).toBe(200)
    expect(exitCode).toBe(0)
    expect(await answers(dynamodbUrl as string)).toBe(false)
  })
})
