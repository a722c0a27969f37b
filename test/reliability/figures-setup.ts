import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    reliabilityFiguresDir: string
  }
}

/** What the reliability suite counts; every figure but `requests` must end at 0. */
export interface Figures {
  requests: number
  leaks: number
  serverErrors: number
  lostUpdates: number
  lostEvents: number
  /** 503 with Retry-After: the designed answer to an injected fault, not counted as a 5xx. */
  retryLater: number
}

/**
 * Each reliability file writes its figures to a directory of its own run; after the last file this
 * adds them up and prints the one summary line CI logs show.
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'caseline-reliability-'))
  project.provide('reliabilityFiguresDir', dir)
  return async () => {
    const total: Figures = {
      requests: 0,
      leaks: 0,
      serverErrors: 0,
      lostUpdates: 0,
      lostEvents: 0,
      retryLater: 0,
    }
    for (const name of await readdir(dir)) {
      const figures = JSON.parse(await readFile(join(dir, name), 'utf8')) as Figures
      for (const key of Object.keys(total) as (keyof Figures)[]) total[key] += figures[key]
    }
    await rm(dir, { recursive: true, force: true })
    process.stdout.write(
      `\nreliability: ${total.requests} requests tried, leaks ${total.leaks}, 5xx ${total.serverErrors}, lost updates ${total.lostUpdates}, lost events ${total.lostEvents} (and ${total.retryLater} injected faults answered 503 with Retry-After)\n`,
    )
  }
}
